// Precompiled header of the test programs that include LibTorch (AMR_PCH, cmake/amr_pch.cmake).
// Tests build with QT_NO_KEYWORDS, so Qt and torch headers may come in any order.
#include <torch/torch.h>

#include "test_pch.h"
