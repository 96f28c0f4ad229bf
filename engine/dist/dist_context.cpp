#include "engine/dist/dist_context.h"

#include <cstdlib>

#include "engine/core/error.h"

namespace amr::dist {

namespace {

// The integer value of variable `name`, or `fallback` when unset; throws when not an integer.
long int_var(const GetEnv& env, const char* name, long fallback) {
    const char* v = env(name);
    if (!v || !*v)
        return fallback;
    char* end = nullptr;
    long x = std::strtol(v, &end, 10);
    if (*end != '\0')
        throw Error(std::string("distributed launch: environment variable ") + name + "='" + v +
                    "' is not an integer");
    return x;
}

}  // namespace

void DistContext::check() const {
    auto fail = [&](const std::string& what) {
        throw Error("distributed launch (" + source + " environment): " + what);
    };
    if (world_size < 1)
        fail("the world size is " + std::to_string(world_size) + ", it must be at least 1");
    if (rank < 0 || rank >= world_size)
        fail("rank " + std::to_string(rank) + " is outside 0.." + std::to_string(world_size - 1));
    if (local_rank < 0 || local_rank >= world_size)
        fail("local rank " + std::to_string(local_rank) + " is outside 0.." +
             std::to_string(world_size - 1));
    if (world_size > 1 && master_addr.empty())
        fail(source == "slurm" ? "MASTER_ADDR is not set; under SLURM set it to the first host of "
                                 "the job, e.g. export MASTER_ADDR=$(scontrol show hostnames "
                                 "\"$SLURM_JOB_NODELIST\" | head -n 1)"
                               : "MASTER_ADDR is not set (the host of rank 0)");
    if (master_port < 1 || master_port > 65535)
        fail("MASTER_PORT " + std::to_string(master_port) + " is outside 1..65535");
    if (timeout.count() <= 0)
        fail("AMR_DIST_TIMEOUT must be a positive number of seconds");
}

DistContext context_from_env(const GetEnv& getenv) {
    GetEnv env = getenv ? getenv : GetEnv([](const char* n) { return std::getenv(n); });
    DistContext c;
    auto set = [&](const char* name) { return env(name) && *env(name); };
    if (set("RANK") || set("WORLD_SIZE")) {
        if (!set("RANK") || !set("WORLD_SIZE"))
            throw Error(std::string("distributed launch: ") +
                        (set("RANK") ? "RANK is set but WORLD_SIZE is not"
                                     : "WORLD_SIZE is set but RANK is not"));
        c.source = "torchrun";
        c.rank = static_cast<int>(int_var(env, "RANK", 0));
        c.world_size = static_cast<int>(int_var(env, "WORLD_SIZE", 1));
        c.local_rank = static_cast<int>(int_var(env, "LOCAL_RANK", c.rank));
    } else if (set("SLURM_PROCID") && set("SLURM_NTASKS")) {
        c.source = "slurm";
        c.rank = static_cast<int>(int_var(env, "SLURM_PROCID", 0));
        c.world_size = static_cast<int>(int_var(env, "SLURM_NTASKS", 1));
        c.local_rank = static_cast<int>(int_var(env, "SLURM_LOCALID", 0));
    }
    if (const char* a = env("MASTER_ADDR"))
        c.master_addr = a;
    c.master_port = static_cast<int>(int_var(env, "MASTER_PORT", 29500));
    c.timeout = std::chrono::milliseconds(int_var(env, "AMR_DIST_TIMEOUT", 300) * 1000);
    c.check();
    return c;
}

}  // namespace amr::dist
