// Precompiled header of the test programs that do not include LibTorch (AMR_PCH,
// cmake/amr_pch.cmake): Qt Test, Qt Widgets and OpenCV.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <QObject>
#include <QString>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>
