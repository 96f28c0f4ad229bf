#include "engine/review/guided_walk.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/error.h"
#include "engine/core/option_check.h"
#include "engine/refine/random_walk.h"
#include "engine/review/guided_prior.h"

namespace amr::review {

namespace {

// Pixels of the disc of `radius` around `c`, clipped to `size`, passed to fn(x, y).
template <typename Fn>
void for_disc(cv::Size size, cv::Point c, int radius, Fn fn) {
    const int r2 = radius * radius + radius;
    for (int y = std::max(0, c.y - radius); y <= std::min(size.height - 1, c.y + radius); ++y)
        for (int x = std::max(0, c.x - radius); x <= std::min(size.width - 1, c.x + radius); ++x)
            if ((x - c.x) * (x - c.x) + (y - c.y) * (y - c.y) <= r2)
                fn(x, y);
}

// The newest click re-decides the whole objects it touches: the walk's region of the click's
// label that holds the click (N), the object of the mask under the click, and the mask's
// objects of the click's label that meet N. Inside them every pixel takes the walk's label, so
// one click on an object also takes back where the mask spilled over its edge or named it
// wrongly. Background is no object: a negative click only removes.
void revise_objects(const cv::Mat& before, const cv::Mat& arg, const Click& c, cv::Mat& labels) {
    const int H = arg.rows, W = arg.cols;
    if (c.point.x < 0 || c.point.y < 0 || c.point.x >= W || c.point.y >= H)
        return;
    cv::Mat region = arg == c.label;
    cv::Mat fill(H + 2, W + 2, CV_8UC1, cv::Scalar(0));
    cv::floodFill(region, fill, c.point, cv::Scalar(128), nullptr, cv::Scalar(), cv::Scalar(),
                  4 | cv::FLOODFILL_MASK_ONLY | (255 << 8));
    cv::Mat n = fill(cv::Rect(1, 1, W, H)).clone();  // 255 on N
    cv::Mat edit = n.clone();
    const int under = before.at<std::uint8_t>(c.point);
    std::vector<int> objects;
    for (int l : {int(c.label), under})
        if (l != 0 && l != 255 && std::find(objects.begin(), objects.end(), l) == objects.end())
            objects.push_back(l);
    for (int l : objects) {
        cv::Mat cc;
        const int count = cv::connectedComponents(before == l, cc, 4, CV_32S);
        std::vector<std::uint8_t> take(count, 0);
        if (before.at<std::uint8_t>(c.point) == l)
            take[cc.at<int>(c.point)] = 1;
        for (int y = 0; y < H; ++y) {
            const int* id = cc.ptr<int>(y);
            const std::uint8_t* nn = n.ptr<std::uint8_t>(y);
            for (int x = 0; x < W; ++x)
                if (nn[x] && id[x] > 0)
                    take[id[x]] = 1;
        }
        for (int y = 0; y < H; ++y) {
            const int* id = cc.ptr<int>(y);
            std::uint8_t* e = edit.ptr<std::uint8_t>(y);
            for (int x = 0; x < W; ++x)
                if (id[x] > 0 && take[id[x]])
                    e[x] = 255;
        }
    }
    for (int y = 0; y < H; ++y) {
        const std::uint8_t* e = edit.ptr<std::uint8_t>(y);
        const std::uint8_t* a = arg.ptr<std::uint8_t>(y);
        const std::uint8_t* b = before.ptr<std::uint8_t>(y);
        std::uint8_t* o = labels.ptr<std::uint8_t>(y);
        for (int x = 0; x < W; ++x)
            if (e[x] && b[x] != 255)
                o[x] = a[x];
    }
}

}  // namespace

void GuidedWalkOptions::check() const {
    constexpr OptionCheck require{"guided walk options"};
    require(radius >= 2 && radius <= 20, "radius must be in [2, 20]");
    require(beta > 0, "beta must be positive");
    require(restart > 0 && restart <= 10, "restart must be in (0, 10]");
    require(cam_weight >= 0 && cam_weight <= 1, "cam_weight must be in [0, 1]");
    require(cam_power > 0, "cam_power must be positive");
    require(cam_background > 0 && cam_background < 1, "cam_background must be in (0, 1)");
    require(cam_margin >= 0 && cam_margin < 1, "cam_margin must be in [0, 1)");
    require(cam_max_scale >= 1, "cam_max_scale must be at least 1");
    require(cam_pull >= 0, "cam_pull must not be negative");
    require(click_radius >= 0 && click_radius <= 50, "click_radius must be in [0, 50]");
    require(colour_beta >= 0, "colour_beta must not be negative");
    require(max_iterations >= 1, "max_iterations must be at least 1");
    require(tolerance > 0 && tolerance < 1, "tolerance must be in (0, 1)");
    edge.check();
}

// The symmetric affinities in a zero-padded layout so that neighbour reads need no bounds
// checks: vectors are (h + 2m) × (w + 2m), weights h × w per offset.
struct GuidedWalkSession::Graph {
    GuidedWalkOptions options;
    cv::Size image;
    int stride = 4;
    int h = 0, w = 0, m = 0, wp = 0, hp = 0;
    std::vector<refine::Offset> offsets;  // without (0, 0)
    std::vector<float> a;                 // offsets.size() planes of h×w: A(p, p + o)
    std::vector<float> degree;            // h×w: Σ_o A(p, p + o)
    std::vector<cv::Mat> cams;            // stride-size planes
    std::vector<int> keys;
    EdgeGraph edges;  // full-resolution pixel graph, when the image was given
    std::vector<float> a_boundary;  // `a` from the boundary map alone

    // a(p, q) ×= exp(−β |c_p − c_q|² / mean) with c the mean colour of each stride cell.
    void weigh_by_colour(const cv::Mat& bgr, double beta) {
        if (a_boundary.empty())
            a_boundary = a;
        cv::Mat f, padded, cells;
        bgr.convertTo(f, CV_32F);
        cv::copyMakeBorder(f, padded, 0, h * stride - f.rows, 0, w * stride - f.cols,
                           cv::BORDER_REPLICATE);
        cv::resize(padded, cells, cv::Size(w, h), 0, 0, cv::INTER_AREA);
        const int C = cells.channels();
        const std::size_t hw = static_cast<std::size_t>(h) * w;
        std::vector<float> d2(a_boundary.size(), 0.0f);
        double sum = 0;
        std::size_t n = 0;
        for (std::size_t k = 0; k < offsets.size(); ++k)
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x) {
                    const int yy = y + offsets[k].dy, xx = x + offsets[k].dx;
                    if (yy < 0 || xx < 0 || yy >= h || xx >= w)
                        continue;
                    const float* p = cells.ptr<float>(y) + x * C;
                    const float* q = cells.ptr<float>(yy) + xx * C;
                    float v = 0;
                    for (int c = 0; c < C; ++c)
                        v += (p[c] - q[c]) * (p[c] - q[c]);
                    d2[k * hw + static_cast<std::size_t>(y) * w + x] = v;
                    sum += v;
                    ++n;
                }
        const double scale = beta / std::max(n ? sum / n : 1.0, 1e-6);
        degree.assign(hw, 0.0f);
        for (std::size_t k = 0; k < offsets.size(); ++k)
            for (std::size_t j = 0; j < hw; ++j) {
                const std::size_t i = k * hw + j;
                a[i] = a_boundary[i] * static_cast<float>(std::exp(-scale * d2[i]));
                degree[j] += a[i];
            }
    }

    std::size_t padded() const { return static_cast<std::size_t>(hp) * wp; }
    std::size_t at(int y, int x) const { return static_cast<std::size_t>(y + m) * wp + x + m; }

    // out = (diag − A) v on free cells (v is 0 on seeds and in the padding), 0 on seeds.
    void multiply(const float* v, const float* diag, const std::uint8_t* free_cell,
                  float* out) const {
        const std::size_t hw = static_cast<std::size_t>(h) * w;
        for (int y = 0; y < h; ++y) {
            float* o_row = out + at(y, 0);
            const float* v_row = v + at(y, 0);
            const float* d_row = diag + static_cast<std::size_t>(y) * w;
            for (int x = 0; x < w; ++x)
                o_row[x] = d_row[x] * v_row[x];
            for (std::size_t k = 0; k < offsets.size(); ++k) {
                const float* a_row = a.data() + k * hw + static_cast<std::size_t>(y) * w;
                const float* n_row = v + at(y + offsets[k].dy, offsets[k].dx);
                for (int x = 0; x < w; ++x)
                    o_row[x] -= a_row[x] * n_row[x];
            }
            const std::uint8_t* f_row = free_cell + static_cast<std::size_t>(y) * w;
            for (int x = 0; x < w; ++x)
                if (!f_row[x])
                    o_row[x] = 0;
        }
    }

    // Solves one plane: x (padded) holds the seeds' values on entry (0 elsewhere) and the
    // scores on return. Returns the iterations used.
    // `pull`: γ_p D_p, the weight of each cell's prior.
    int solve(std::vector<float>& x, const std::vector<float>& prior, const float* diag,
              const float* pull, const std::uint8_t* free_cell) const {
        const std::size_t n = padded();
        constexpr float eps = 1e-12f;  // cells cut off from everything keep their prior
        // b = γ D prior + ε prior + A x_seeds on free cells; start from the prior.
        std::vector<float> b(n, 0.0f), r(n, 0.0f), z(n, 0.0f), p(n, 0.0f), q(n, 0.0f);
        const std::vector<float> seeds = x;
        const std::size_t hw = static_cast<std::size_t>(h) * w;
        std::vector<float> u(n, 0.0f);  // the free part of the solution
        for (int y = 0; y < h; ++y)
            for (int xx = 0; xx < w; ++xx) {
                const std::size_t j = static_cast<std::size_t>(y) * w + xx, i = at(y, xx);
                if (!free_cell[j])
                    continue;
                float s = (pull[j] + eps) * prior[j];
                for (std::size_t k = 0; k < offsets.size(); ++k)
                    s += a[k * hw + j] * seeds[at(y + offsets[k].dy, xx + offsets[k].dx)];
                b[i] = s;
                u[i] = prior[j];
            }
        multiply(u.data(), diag, free_cell, q.data());
        double bb = 0, rz = 0;
        for (std::size_t i = 0; i < n; ++i)
            r[i] = b[i] - q[i];
        for (int y = 0; y < h; ++y)
            for (int xx = 0; xx < w; ++xx) {
                const std::size_t j = static_cast<std::size_t>(y) * w + xx, i = at(y, xx);
                z[i] = free_cell[j] ? r[i] / diag[j] : 0.0f;
                p[i] = z[i];
                rz += double(r[i]) * z[i];
                if (free_cell[j])
                    bb += double(b[i]) * b[i] / diag[j];
            }
        const double stop = options.tolerance * options.tolerance * bb;
        int it = 0;
        // Stop on the preconditioned residual: rows of weakly joined cells (on a boundary, all
        // their affinities are tiny) count as much as the others.
        for (; it < options.max_iterations; ++it) {
            if (rz <= stop || rz <= 0)
                break;
            multiply(p.data(), diag, free_cell, q.data());
            double pq = 0;
            for (std::size_t i = 0; i < n; ++i)
                pq += double(p[i]) * q[i];
            if (!(pq > 0))
                break;
            const float alpha = static_cast<float>(rz / pq);
            for (std::size_t i = 0; i < n; ++i) {
                u[i] += alpha * p[i];
                r[i] -= alpha * q[i];
            }
            double rz_new = 0;
            for (int y = 0; y < h; ++y) {
                const std::size_t i0 = at(y, 0);
                const std::size_t j0 = static_cast<std::size_t>(y) * w;
                for (int xx = 0; xx < w; ++xx) {
                    z[i0 + xx] = free_cell[j0 + xx] ? r[i0 + xx] / diag[j0 + xx] : 0.0f;
                    rz_new += double(r[i0 + xx]) * z[i0 + xx];
                }
            }
            const float beta = static_cast<float>(rz_new / rz);
            rz = rz_new;
            for (std::size_t i = 0; i < n; ++i)
                p[i] = z[i] + beta * p[i];
        }
        for (std::size_t i = 0; i < n; ++i)
            x[i] = seeds[i] + u[i];
        return it;
    }
};

GuidedWalkSession::GuidedWalkSession(const cv::Mat& boundary, cv::Size image_size,
                                     std::vector<cv::Mat> cams, std::vector<int> keys,
                                     const GuidedWalkOptions& options)
    : g_(std::make_unique<Graph>()) {
    options.check();
    if (boundary.empty() || boundary.type() != CV_32FC1)
        throw Error("guided walk: the boundary map must be a non-empty CV_32FC1 image");
    if (image_size.width < 1 || image_size.height < 1)
        throw Error("guided walk: empty image size");
    Graph& g = *g_;
    g.options = options;
    g.image = image_size;
    g.h = boundary.rows;
    g.w = boundary.cols;
    g.stride = std::max(1, static_cast<int>(std::lround(double(image_size.height) / g.h)));
    const auto cells = [&](int n) { return (n + g.stride - 1) / g.stride; };
    if (cells(image_size.height) != g.h || cells(image_size.width) != g.w)
        throw Error("guided walk: a " + std::to_string(g.w) + "×" + std::to_string(g.h) +
                    " boundary map does not fit a " + std::to_string(image_size.width) + "×" +
                    std::to_string(image_size.height) + " image at any stride");
    if (cams.size() != keys.size())
        throw Error("guided walk: one key per CAM plane is needed");
    for (const cv::Mat& c : cams)
        if (c.type() != CV_32FC1 || c.size() != boundary.size())
            throw Error("guided walk: CAM planes must be CV_32FC1 of the boundary map's size");
    for (int k : keys)
        if (k < 0 || k > 253)
            throw Error("guided walk: class index " + std::to_string(k) + " out of range");
    g.cams = std::move(cams);
    g.keys = std::move(keys);

    // The walk's transition T(j+o → j) = A(j+o, j) / D(j) with T(j → j) = 1 / D(j) gives back
    // the symmetric A without the self loop: A = T · D.
    const refine::WalkGraph wg = refine::make_walk_graph(boundary, options.radius, options.beta);
    g.m = wg.margin;
    g.wp = g.w + 2 * g.m;
    g.hp = g.h + 2 * g.m;
    const std::size_t hw = static_cast<std::size_t>(g.h) * g.w;
    g.offsets.assign(wg.offsets.begin() + 1, wg.offsets.end());
    g.a.assign(g.offsets.size() * hw, 0.0f);
    g.degree.assign(hw, 0.0f);
    for (std::size_t j = 0; j < hw; ++j) {
        const float d = 1.0f / wg.weights[j];
        for (std::size_t k = 0; k < g.offsets.size(); ++k) {
            const float v = wg.weights[(k + 1) * hw + j] * d;
            g.a[k * hw + j] = v;
            g.degree[j] += v;
        }
    }
}

GuidedWalkSession::~GuidedWalkSession() = default;
GuidedWalkSession::GuidedWalkSession(GuidedWalkSession&&) noexcept = default;
GuidedWalkSession& GuidedWalkSession::operator=(GuidedWalkSession&&) noexcept = default;

void GuidedWalkSession::set_image(const cv::Mat& bgr) {
    if (bgr.size() != g_->image)
        throw Error("guided walk: the image differs in size from the session's");
    g_->edges = EdgeGraph(bgr, g_->options.edge);
    if (g_->options.colour_beta > 0)
        g_->weigh_by_colour(bgr, g_->options.colour_beta);
}

cv::Size GuidedWalkSession::image_size() const {
    return g_->image;
}

const GuidedWalkOptions& GuidedWalkSession::options() const {
    return g_->options;
}

cv::Mat GuidedWalkSession::run(const cv::Mat& labels, const std::vector<Click>& clicks,
                               GuidedWalkStats* stats) const {
    cv::Mat out = labels.clone();
    apply(out, clicks, stats);
    return out;
}

cv::Rect GuidedWalkSession::apply(cv::Mat& labels, const std::vector<Click>& clicks,
                                  GuidedWalkStats* stats) const {
    const Graph& g = *g_;
    if (labels.type() != CV_8UC1 || labels.size() != g.image)
        throw Error("guided walk: the mask must be CV_8UC1 of the image's size");
    if (clicks.empty())
        return {};
    for (const Click& c : clicks)
        if (c.label == 255)
            throw Error("guided walk: a click cannot ask for void (255)");
    const int H = g.image.height, W = g.image.width, s = g.stride, h = g.h, w = g.w;
    const std::size_t hw = static_cast<std::size_t>(h) * w;

    // The labels that get a plane: background, the mask's, the clicks'.
    std::array<int, 256> plane_of;
    plane_of.fill(-1);
    std::vector<int> label_of;
    auto add_label = [&](int l) {
        if (l != 255 && plane_of[l] < 0) {
            plane_of[l] = static_cast<int>(label_of.size());
            label_of.push_back(l);
        }
    };
    const float cw = g.cams.empty() ? 0.0f : static_cast<float>(g.options.cam_weight);
    add_label(0);
    for (const Click& c : clicks)
        add_label(c.label);
    if (cw > 0)
        for (int k : g.keys)
            add_label(k + 1);  // a tagged class the mask lacks may still win
    std::vector<int> cell_count(hw, 0);
    for (int y = 0; y < H; ++y) {
        const std::uint8_t* row = labels.ptr<std::uint8_t>(y);
        for (int x = 0; x < W; ++x)
            add_label(row[x]);
    }
    const std::size_t L = label_of.size();

    // Mask prior: the share of each stride cell with label l (void counts for no label).
    std::vector<std::vector<float>> prior(L, std::vector<float>(hw, 0.0f));
    for (int y = 0; y < H; ++y) {
        const std::uint8_t* row = labels.ptr<std::uint8_t>(y);
        for (int x = 0; x < W; ++x) {
            const std::size_t j = static_cast<std::size_t>(y / s) * w + x / s;
            ++cell_count[j];
            if (row[x] != 255)
                prior[plane_of[row[x]]][j] += 1.0f;
        }
    }
    for (std::size_t l = 0; l < L; ++l)
        for (std::size_t j = 0; j < hw; ++j)
            prior[l][j] /= std::max(1, cell_count[j]);
    // CAM prior, recalibrated by the clicks (guided_prior.h); where it is confident, its pull
    // grows by cam_pull.
    std::vector<float> confidence(hw, 0.0f);
    if (cw > 0)
        mix_cam_prior(prior, plane_of, g.cams, g.keys,
                      click_cam_scales(g.cams, g.keys, clicks, s, g.options), g.options,
                      &confidence);

    // Hard seeds: every stride cell under a click's disc (later clicks win).
    std::vector<int> seed(hw, -1);
    for (const Click& c : clicks)
        for_disc(g.image, c.point, g.options.click_radius, [&](int x, int y) {
            seed[static_cast<std::size_t>(y / s) * w + x / s] = plane_of[c.label];
        });
    std::vector<std::uint8_t> free_cell(hw);
    std::vector<float> diag(hw), pull(hw);
    const float gamma = static_cast<float>(g.options.restart);
    const float cam_pull = cw > 0 ? static_cast<float>(g.options.cam_pull) : 0.0f;
    for (std::size_t j = 0; j < hw; ++j) {
        free_cell[j] = seed[j] < 0;
        pull[j] = gamma * (1 + cam_pull * confidence[j]) * g.degree[j];
        diag[j] = g.degree[j] + pull[j] + 1e-12f;
    }

    std::vector<std::vector<float>> x(L, std::vector<float>(g.padded(), 0.0f));
    std::vector<int> iterations(L, 0);
    for (std::size_t l = 0; l < L; ++l)
        for (int y = 0; y < h; ++y)
            for (int xx = 0; xx < w; ++xx)
                if (seed[static_cast<std::size_t>(y) * w + xx] == static_cast<int>(l))
                    x[l][g.at(y, xx)] = 1.0f;
    cv::parallel_for_(cv::Range(0, static_cast<int>(L)), [&](const cv::Range& r) {
        for (int l = r.start; l < r.end; ++l)
            iterations[l] = g.solve(x[l], prior[l], diag.data(), pull.data(), free_cell.data());
    });
    if (stats) {
        stats->planes = static_cast<int>(L);
        stats->iterations = *std::max_element(iterations.begin(), iterations.end());
    }

    // Upsample (half-pixel centres), crop, arg-max.
    cv::Mat best(g.image, CV_32FC1, cv::Scalar(-1e9f));
    cv::Mat arg(g.image, CV_8UC1, cv::Scalar(0));
    const cv::Rect crop(0, 0, W, H);
    std::vector<cv::Mat> ups(L);
    for (std::size_t l = 0; l < L; ++l) {
        cv::Mat plane(h, w, CV_32FC1);
        for (int y = 0; y < h; ++y)
            std::copy_n(&x[l][g.at(y, 0)], w, plane.ptr<float>(y));
        cv::Mat up;
        cv::resize(plane, up, cv::Size(w * s, h * s), 0, 0, cv::INTER_LINEAR);
        ups[l] = up(crop);
        for (int y = 0; y < H; ++y) {
            const float* u = ups[l].ptr<float>(y);
            float* b = best.ptr<float>(y);
            std::uint8_t* a = arg.ptr<std::uint8_t>(y);
            for (int xx = 0; xx < W; ++xx)
                if (u[xx] > b[xx])
                    b[xx] = u[xx], a[xx] = static_cast<std::uint8_t>(label_of[l]);
        }
    }

    // The clicks' discs are theirs; then the full-resolution finish along the label edges.
    cv::Mat before = labels.clone();
    cv::Mat discs(g.image, CV_8UC1, cv::Scalar(0));
    for (const Click& c : clicks)
        for_disc(g.image, c.point, g.options.click_radius, [&](int xx, int y) {
            arg.at<std::uint8_t>(y, xx) = c.label;
            discs.at<std::uint8_t>(y, xx) = 255;
        });
    refine_at_edges(g.edges, ups, label_of, discs, arg, g.options.edge);

    // Only the changes connected to a click: per click, the pixels that took its label and
    // are joined to its disc through other such pixels (4-connected).
    for (const Click& c : clicks) {
        cv::Mat grow(g.image, CV_8UC1, cv::Scalar(0));
        for (int y = 0; y < H; ++y) {
            const std::uint8_t* a = arg.ptr<std::uint8_t>(y);
            const std::uint8_t* b = before.ptr<std::uint8_t>(y);
            std::uint8_t* gr = grow.ptr<std::uint8_t>(y);
            for (int xx = 0; xx < W; ++xx)
                gr[xx] = (a[xx] == c.label && b[xx] != c.label) ? 255 : 0;
        }
        for_disc(g.image, c.point, g.options.click_radius,
                 [&](int xx, int y) { grow.at<std::uint8_t>(y, xx) = 255; });
        if (c.point.x < 0 || c.point.y < 0 || c.point.x >= W || c.point.y >= H)
            continue;
        cv::floodFill(grow, c.point, cv::Scalar(128), nullptr, cv::Scalar(), cv::Scalar(), 4);
        for (int y = 0; y < H; ++y) {
            const std::uint8_t* gr = grow.ptr<std::uint8_t>(y);
            std::uint8_t* o = labels.ptr<std::uint8_t>(y);
            for (int xx = 0; xx < W; ++xx)
                if (gr[xx] == 128)
                    o[xx] = c.label;
        }
    }
    if (g.options.whole_objects)
        revise_objects(before, arg, clicks.back(), labels);
    return changed_rect(before, labels);
}

cv::Mat read_boundary_png(const std::filesystem::path& file) {
    cv::Mat b8 = cv::imread(file.string(), cv::IMREAD_GRAYSCALE);
    if (b8.empty())
        throw Error(file, "not a readable boundary map (8-bit PNG from amr refine --boundary-out)");
    cv::Mat b;
    b8.convertTo(b, CV_32FC1, 1.0 / 255.0);
    return b;
}

cv::Rect changed_rect(const cv::Mat& before, const cv::Mat& after) {
    cv::Mat diff;
    cv::compare(before, after, diff, cv::CMP_NE);
    return cv::boundingRect(diff);
}

}  // namespace amr::review
