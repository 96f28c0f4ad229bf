#pragma once
// <qcustomplot.h> for code built with QT_NO_KEYWORDS (the tests): QCustomPlot 2.1's header uses
// the `signals` and `foreach` keywords, so they are defined around it and nowhere else.

#include <QtGlobal>

#ifdef QT_NO_KEYWORDS
#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef foreach
#else
#include <qcustomplot.h>
#endif
