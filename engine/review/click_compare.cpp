#include "engine/review/click_compare.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <utility>

#include "engine/core/error.h"

namespace amr::review {

double sign_test(std::size_t fewer, std::size_t more) {
    const std::size_t n = fewer + more, k = std::min(fewer, more);
    if (n == 0)
        return 1;
    // P(X ≤ k) for X ~ Binomial(n, 1/2), summed in logs so that large n does not overflow.
    double tail = 0;
    for (std::size_t i = 0; i <= k; ++i)
        tail += std::exp(std::lgamma(n + 1.0) - std::lgamma(i + 1.0) - std::lgamma(n - i + 1.0) -
                         n * std::log(2.0));
    return std::min(1.0, 2 * tail);
}

PairedClicks compare_methods(const MethodClicks& method, const MethodClicks& baseline,
                             double target, int max_clicks) {
    std::map<std::pair<std::string, int>, int> base;
    for (const auto& o : baseline.objects)
        base[{o.id, o.label}] = clicks_to_reach(o.iou, target, max_clicks);
    PairedClicks p;
    p.method = method.method;
    p.baseline = baseline.method;
    p.target = target;
    double sum = 0, sum_sq = 0;
    for (const auto& o : method.objects) {
        const auto it = base.find({o.id, o.label});
        if (it == base.end())
            throw Error("eval-clicks: " + baseline.method + " has no episode for image '" + o.id +
                        "', class " + std::to_string(o.label) + " that " + method.method + " has");
        const int d = clicks_to_reach(o.iou, target, max_clicks) - it->second;
        (d < 0 ? p.fewer : d > 0 ? p.more : p.equal)++;
        sum += d;
        sum_sq += double(d) * d;
    }
    p.objects = method.objects.size();
    if (p.objects != baseline.objects.size())
        throw Error("eval-clicks: " + method.method + " ran " + std::to_string(p.objects) +
                    " objects, " + baseline.method + " " + std::to_string(baseline.objects.size()));
    if (p.objects > 0) {
        const double n = static_cast<double>(p.objects);
        p.mean_difference = sum / n;
        if (p.objects > 1) {
            const double var =
                std::max(0.0, (sum_sq - n * p.mean_difference * p.mean_difference) / (n - 1));
            p.ci95 = 1.96 * std::sqrt(var / n);
        }
    }
    p.sign_test_p = sign_test(p.fewer, p.more);
    return p;
}

std::string format_comparison(const ClickEvalResult& r) {
    if (r.methods.size() < 2)
        return {};
    std::ostringstream s;
    s << "\nPaired, object by object (" << r.methods[0].method
      << " minus each other method; negative = fewer clicks)\n";
    for (std::size_t b = 1; b < r.methods.size(); ++b)
        for (const double t : {0.85, 0.90}) {
            const PairedClicks p = compare_methods(r.methods[0], r.methods[b], t, r.max_clicks);
            char line[200];
            std::snprintf(line, sizeof line,
                          "vs %-6s NoC@%.0f: %+.2f ± %.2f clicks (95 %%), fewer on %zu, equal on "
                          "%zu, more on %zu objects; sign test p = %.3g\n",
                          p.baseline.c_str(), 100 * t, p.mean_difference, p.ci95, p.fewer, p.equal,
                          p.more, p.sign_test_p);
            s << line;
        }
    return s.str();
}

namespace {

// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& v) {
    if (v.find_first_of(",\"\n\r") == std::string::npos)
        return v;
    std::string q = "\"";
    for (const char c : v)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace

std::string to_objects_csv(const ClickEvalResult& r) {
    std::ostringstream s;
    s << "method,image,class,noc85,noc90";
    for (int k = 0; k <= r.max_clicks; ++k)
        s << ",iou_" << k;
    s << "\n";
    for (const auto& m : r.methods)
        for (const auto& o : m.objects) {
            const std::string name = o.label >= 1 && o.label <= int(r.class_names.size())
                                         ? r.class_names[o.label - 1]
                                         : std::to_string(o.label);
            s << csv_field(m.method) << ',' << csv_field(o.id) << ',' << csv_field(name) << ','
              << clicks_to_reach(o.iou, 0.85, r.max_clicks) << ','
              << clicks_to_reach(o.iou, 0.90, r.max_clicks);
            for (int k = 0; k <= r.max_clicks; ++k) {
                char v[16];
                std::snprintf(v, sizeof v, ",%.4f",
                              o.iou[std::min<std::size_t>(k, o.iou.size() - 1)]);
                s << v;
            }
            s << "\n";
        }
    return s.str();
}

}  // namespace amr::review
