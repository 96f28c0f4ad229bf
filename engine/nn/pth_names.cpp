// Where torchvision keeps downloaded weights, and the canonical keys of the AMR checkpoints.
#include "engine/nn/pth_reader.h"

#include <cctype>
#include <cstdlib>
#include <string_view>

namespace amr::nn {

namespace fs = std::filesystem;

std::vector<fs::path> torch_hub_dirs() {
    std::vector<fs::path> dirs;
    auto add = [&](const fs::path& p) {
        for (const auto& d : dirs) {
            if (d == p)
                return;
        }
        dirs.push_back(p);
    };
    const char* torch_home = std::getenv("TORCH_HOME");
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    if (torch_home && *torch_home)
        add(fs::path(torch_home) / "hub" / "checkpoints");
    if (xdg && *xdg)
        add(fs::path(xdg) / "torch" / "hub" / "checkpoints");
    if (home && *home) {
        add(fs::path(home) / ".cache" / "torch" / "hub" / "checkpoints");
        add(fs::path(home) / ".torch" / "models");
    }
    return dirs;
}

std::optional<fs::path> find_torch_hub_file(const std::vector<std::string>& names) {
    const auto dirs = torch_hub_dirs();
    for (const auto& name : names) {
        for (const auto& dir : dirs) {
            std::error_code ec;
            const fs::path p = dir / name;
            if (fs::is_regular_file(p, ec))
                return p;
        }
    }
    return std::nullopt;
}

std::vector<NamedTensor> canonical_amr_keys(std::vector<NamedTensor> all) {
    auto canonical = [](const std::string& k) {
        for (std::string_view p : {"resnet50.", "resnet50_2.", "classifier.", "classifier2."}) {
            if (k.starts_with(p))
                return true;
        }
        for (std::string_view p : {"fc_edge", "fc_dp"}) {
            if (k.starts_with(p) && k.size() > p.size() &&
                std::isdigit(static_cast<unsigned char>(k[p.size()]))) {
                return true;
            }
        }
        return false;
    };
    std::vector<NamedTensor> out;
    for (auto& t : all) {
        if (canonical(t.name))
            out.push_back(std::move(t));
    }
    return out;
}

}  // namespace amr::nn
