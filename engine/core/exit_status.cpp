#include "engine/core/exit_status.h"

#include <sys/wait.h>

#include <cstring>

namespace amr {

std::string describe_exit_status(int status) {
    if (WIFSIGNALED(status))
        return std::string("was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
               strsignal(WTERMSIG(status)) + ")";
    return "exited with status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace amr
