#include "engine/review/review_queue.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace amr::review {

std::vector<std::string> review_queue(const std::vector<std::string>& ids,
                                      const std::vector<project::ImageState>& states) {
    std::unordered_map<std::string, const project::ImageState*> by_id;
    for (const auto& s : states)
        by_id[s.id] = &s;
    struct Entry {
        double score;
        std::size_t order;
        const std::string* id;
    };
    std::vector<Entry> entries;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto it = by_id.find(ids[i]);
        const project::ImageState* s = it == by_id.end() ? nullptr : it->second;
        if (s && s->status != project::ReviewStatus::New &&
            s->status != project::ReviewStatus::NeedsWork)
            continue;
        const double score = s && s->score ? *s->score : std::numeric_limits<double>::infinity();
        entries.push_back({score, i, &ids[i]});
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry& a, const Entry& b) { return a.score < b.score; });
    std::vector<std::string> out;
    out.reserve(entries.size());
    for (const Entry& e : entries)
        out.push_back(*e.id);
    return out;
}

std::optional<std::string> next_in_queue(const std::vector<std::string>& ids,
                                         const std::vector<project::ImageState>& states,
                                         const std::string& current) {
    for (std::string& id : review_queue(ids, states))
        if (id != current)
            return std::move(id);
    return std::nullopt;
}

}  // namespace amr::review
