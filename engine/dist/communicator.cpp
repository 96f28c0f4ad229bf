#include "engine/dist/communicator.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <thread>

#ifndef USE_C10D_GLOO
#define USE_C10D_GLOO  // the Gloo process group is built into Debian's and the official LibTorch
#endif
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include "engine/core/error.h"

namespace amr::dist {

namespace {

std::string text(const std::vector<uint8_t>& v) {
    return {v.begin(), v.end()};
}
std::vector<uint8_t> bytes(const std::string& s) {
    return {s.begin(), s.end()};
}

std::string secs(std::chrono::milliseconds t) {
    return std::to_string(t.count() / 1000) + " s";
}

// The Gloo device: the interface GLOO_SOCKET_IFNAME names, loopback for a local job, else the
// address this host's name resolves to (as torch.distributed does).
std::shared_ptr<::gloo::transport::Device> gloo_device(const DistContext& c) {
    if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname)
        return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
    if (c.master_addr == "localhost" || c.master_addr.rfind("127.", 0) == 0)
        return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
    return c10d::ProcessGroupGloo::createDefaultDevice();
}

}  // namespace

struct Communicator::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
    std::vector<c10::intrusive_ptr<c10d::Work>> pending;
};

Communicator::Communicator(const DistContext& context)
    : context_(context), impl_(std::make_unique<Impl>()) {
    context_.check();
    const std::string where = context_.master_addr + ":" + std::to_string(context_.master_port);
    try {
        c10d::TCPStoreOptions so;
        so.port = static_cast<std::uint16_t>(context_.master_port);
        so.isServer = context_.rank == 0;
        so.numWorkers = static_cast<std::size_t>(context_.world_size);
        so.waitWorkers = true;
        so.timeout = context_.timeout;
        impl_->store = c10::make_intrusive<c10d::TCPStore>(context_.master_addr, so);
    } catch (const std::exception& e) {
        throw Error("distributed rendezvous: rank " + std::to_string(context_.rank) + " of " +
                    std::to_string(context_.world_size) + " could not " +
                    (context_.rank == 0 ? "serve the store at " : "reach the store at ") + where +
                    " with all ranks within " + secs(context_.timeout) +
                    " (is every rank started, with the same MASTER_ADDR, MASTER_PORT and "
                    "WORLD_SIZE, and the port free?): " +
                    e.what());
    }
    try {
        auto options = c10d::ProcessGroupGloo::Options::create(context_.timeout);
        options->devices.push_back(gloo_device(context_));
        impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl_->store, context_.rank,
                                                                   context_.world_size, options);
    } catch (const std::exception& e) {
        throw Error("distributed rendezvous: rank " + std::to_string(context_.rank) +
                    " could not connect the Gloo process group through " + where + " within " +
                    secs(context_.timeout) + ": " + e.what());
    }
}

Communicator::~Communicator() = default;

void Communicator::broadcast(std::vector<torch::Tensor>& tensors, const std::string& what) {
    try {
        for (auto& t : tensors) {
            std::vector<at::Tensor> one{t};
            c10d::BroadcastOptions o;
            o.rootRank = 0;
            impl_->group->broadcast(one, o)->wait();
        }
    } catch (const std::exception& e) {
        fail(what, e.what());
    }
}

void Communicator::all_reduce_sum(torch::Tensor& tensor, const std::string& what) {
    start_all_reduce_sum(tensor);
    wait_all(what);
}

void Communicator::all_reduce_max(torch::Tensor& tensor, const std::string& what) {
    try {
        std::vector<at::Tensor> one{tensor};
        c10d::AllreduceOptions o;
        o.reduceOp = c10d::ReduceOp::MAX;
        impl_->group->allreduce(one, o)->wait();
    } catch (const std::exception& e) {
        fail(what, e.what());
    }
}

void Communicator::start_all_reduce_sum(torch::Tensor tensor) {
    std::vector<at::Tensor> one{std::move(tensor)};
    impl_->pending.push_back(impl_->group->allreduce(one));
}

void Communicator::wait_all(const std::string& what) {
    auto pending = std::move(impl_->pending);
    impl_->pending.clear();
    try {
        for (auto& w : pending)
            w->wait();
    } catch (const std::exception& e) {
        fail(what, e.what());
    }
}

void Communicator::barrier(const std::string& what) {
    try {
        impl_->group->barrier()->wait();
    } catch (const std::exception& e) {
        fail(what, e.what());
    }
}

void Communicator::mark_step(long step) {
    step_ = step;
    try {
        impl_->store->set("amr/step/" + std::to_string(context_.rank), bytes(std::to_string(step)));
    } catch (const std::exception& e) {
        fail("the heartbeat at step " + std::to_string(step), e.what());
    }
}

void Communicator::report_failure(const std::string& message) noexcept {
    try {
        if (impl_->store->check({"amr/failed/" + std::to_string(context_.rank)}))
            return;  // the first report stays (e.g. "lost contact")
        impl_->store->set("amr/failed/" + std::to_string(context_.rank), bytes(message));
    } catch (...) {
    }
}

// Which ranks are at fault: those that reported their own error (with it), and those that said
// nothing within a short grace (dead or hung; with their last heartbeat). This rank reports that
// it lost contact first, so that surviving ranks do not blame each other.
std::string Communicator::blame(const std::string& what) {
    const auto key = [](const char* kind, int r) {
        return std::string("amr/") + kind + "/" + std::to_string(r);
    };
    std::string out;
    try {
        impl_->store->set(key("failed", context_.rank), bytes("lost contact during " + what +
                                                              " at step " + std::to_string(step_)));
        const auto grace = std::min(context_.timeout, std::chrono::milliseconds(3000));
        const auto until = std::chrono::steady_clock::now() + grace;
        std::vector<int> silent;
        for (;;) {
            silent.clear();
            for (int r = 0; r < context_.world_size; ++r)
                if (r != context_.rank && !impl_->store->check({key("failed", r)}))
                    silent.push_back(r);
            if (silent.empty() || std::chrono::steady_clock::now() >= until)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        for (int r = 0; r < context_.world_size; ++r) {
            if (r == context_.rank)
                continue;
            if (std::find(silent.begin(), silent.end(), r) == silent.end()) {
                std::string msg = text(impl_->store->get(key("failed", r)));
                if (msg.rfind("lost contact", 0) != 0)
                    out += "; rank " + std::to_string(r) + " failed: " + msg;
                continue;
            }
            out += "; rank " + std::to_string(r) + " died or hung";
            if (impl_->store->check({key("step", r)}))
                out += " (its last step was " + text(impl_->store->get(key("step", r))) + ")";
            else
                out += " (before its first step)";
        }
    } catch (const std::exception&) {
        out += "; rank 0 (which serves the rendezvous store at " + context_.master_addr + ":" +
               std::to_string(context_.master_port) + ") died or hung";
    }
    return out;
}

void Communicator::fail(const std::string& what, const std::string& cause) {
    std::string who = blame(what);
    if (who.empty())
        who = "; another rank died or stopped answering";
    throw Error("distributed job: rank " + std::to_string(context_.rank) + " of " +
                std::to_string(context_.world_size) + ": " + what + " failed at step " +
                std::to_string(step_) + who + " (timeout " + secs(context_.timeout) +
                "). Gloo said: " + cause);
}

namespace {
std::mutex world_mutex;
std::shared_ptr<Communicator> world_communicator;
}  // namespace

std::shared_ptr<Communicator> world() {
    std::lock_guard lock(world_mutex);
    return world_communicator;
}

std::shared_ptr<Communicator> init_world(const DistContext& context) {
    std::lock_guard lock(world_mutex);
    if (!world_communicator && context.distributed())
        world_communicator = std::make_shared<Communicator>(context);
    return world_communicator;
}

void set_world(std::shared_ptr<Communicator> communicator) {
    std::lock_guard lock(world_mutex);
    world_communicator = std::move(communicator);
}

}  // namespace amr::dist
