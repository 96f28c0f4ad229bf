#pragma once
// A child process's wait status in words, for error messages: "exited with status 3", "was
// killed by signal 9 (Killed)".

#include <string>

namespace amr {

std::string describe_exit_status(int status);

}  // namespace amr
