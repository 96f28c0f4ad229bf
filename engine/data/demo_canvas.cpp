#include "engine/data/demo_canvas.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>

#include "engine/core/error.h"
#include "engine/data/class_list.h"
#include "engine/data/demo_data.h"

namespace amr::data {
namespace {

// Upscaled item intensities (0..255): above kHigh is the item's class, between kLow and kHigh
// is a blend of item and what lies below (void), at or below kLow the item is invisible.
constexpr float kLow = 48.0f;
constexpr float kHigh = 112.0f;
constexpr int kLayoutAttempts = 24;
constexpr double kPi = 3.14159265358979323846;

// Our own draws on top of the raw 64-bit engine output, so that a seed gives the same bytes
// with every standard library (std::uniform_*_distribution is implementation-defined).
class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    std::uint64_t next() { return engine_(); }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // 0..n-1; the modulo bias (n / 2^64) is far below anything visible.
    int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
    int between(int lo, int hi) { return lo + below(hi - lo + 1); }
    bool chance(double p) { return uniform() < p; }
    // Roughly normal, mean 0, sd 1: Irwin-Hall of the four 16-bit parts of one draw (pixel noise
    // needs many values and little precision).
    double noise() {
        std::uint64_t r = next();
        double sum = double(r & 0xFFFF) + double((r >> 16) & 0xFFFF) + double((r >> 32) & 0xFFFF) +
                     double(r >> 48);
        return (sum / 65536.0 - 2.0) * 1.7320508;
    }

private:
    std::mt19937_64 engine_;
};

// splitmix64: decorrelates the per-image streams of neighbouring seeds and indices.
std::uint64_t mix_seed(std::uint64_t seed, std::uint64_t index) {
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ull + index + 0x632BE59BD9B4E019ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

struct Color {
    float b = 0, g = 0, r = 0;  // 0..1, OpenCV's channel order
};

Color hsv(double h, double s, double v) {
    h = (h - std::floor(h)) * 6.0;
    int sector = static_cast<int>(h) % 6;
    double f = h - std::floor(h);
    double p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
    double r = v, g = t, b = p;
    switch (sector) {
        case 1:
            r = q, g = v, b = p;
            break;
        case 2:
            r = p, g = v, b = t;
            break;
        case 3:
            r = p, g = q, b = v;
            break;
        case 4:
            r = t, g = p, b = v;
            break;
        case 5:
            r = v, g = p, b = q;
            break;
        default:
            break;
    }
    return {float(b), float(g), float(r)};
}

// Saturation and value drawn in this order (function arguments have no evaluation order, so
// draws never sit side by side in one call).
Color random_color(Rng& rng, double hue, double s_lo, double s_hi, double v_lo, double v_hi) {
    double s = rng.uniform(s_lo, s_hi);
    double v = rng.uniform(v_lo, v_hi);
    return hsv(hue, s, v);
}

// A float BGR canvas, row-major.
struct Canvas {
    int size = 0;
    std::vector<float> bgr;
    float* at(int x, int y) { return &bgr[(std::size_t(y) * size + x) * 3]; }
};

// Dull, smoothly varying background with a faint stripe or check pattern.
Canvas make_background(Rng& rng, int size) {
    Canvas c{size, std::vector<float>(std::size_t(size) * size * 3)};
    double hue = rng.uniform();
    Color c0 = random_color(rng, hue, 0.05, 0.35, 0.3, 0.75);
    double hue1 = hue + rng.uniform(-0.2, 0.2);
    Color c1 = random_color(rng, hue1, 0.05, 0.35, 0.3, 0.75);
    double hue2 = rng.uniform();
    Color c2 = random_color(rng, hue2, 0.1, 0.3, 0.25, 0.7);
    double angle = rng.uniform(0, 2 * kPi);
    double gx = std::cos(angle) / size, gy = std::sin(angle) / size;

    struct Blob {
        double x, y, inv_two_sigma2, amp;
    };
    std::array<Blob, 3> blobs;
    for (auto& b : blobs) {
        double sigma = rng.uniform(0.12, 0.4) * size;
        b = {rng.uniform(0, size), rng.uniform(0, size), 1.0 / (2 * sigma * sigma),
             rng.uniform(-0.12, 0.12)};  // braced lists do evaluate left to right
    }

    int pattern = rng.below(3);  // 0 none, 1 stripes, 2 checks
    double period = rng.uniform(6, 26) * size / 200.0;
    double pangle = rng.uniform(0, kPi);
    double pu = std::cos(pangle) * 2 * kPi / period, pv = std::sin(pangle) * 2 * kPi / period;
    double pattern_amp = rng.uniform(0.15, 0.45);

    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            double t = std::clamp(0.5 + (x - size / 2.0) * gx + (y - size / 2.0) * gy, 0.0, 1.0);
            double shade = 1.0;
            for (const auto& b : blobs) {
                double dx = x - b.x, dy = y - b.y;
                shade += b.amp * std::exp(-(dx * dx + dy * dy) * b.inv_two_sigma2);
            }
            double mix = 0;  // share of the pattern colour
            if (pattern == 1) {
                mix = std::sin(x * pu + y * pv) > 0 ? pattern_amp : 0;
            } else if (pattern == 2) {
                double s = std::sin(x * pu + y * pv) * std::sin(-x * pv + y * pu);
                mix = s > 0 ? pattern_amp : 0;
            }
            float* px = c.at(x, y);
            const float base[3] = {float(c0.b + (c1.b - c0.b) * t), float(c0.g + (c1.g - c0.g) * t),
                                   float(c0.r + (c1.r - c0.r) * t)};
            const float pat[3] = {c2.b, c2.g, c2.r};
            for (int k = 0; k < 3; ++k)
                px[k] = float((base[k] + (pat[k] - base[k]) * mix) * shade);
        }
    }
    return c;
}

// One Fashion-MNIST item, upscaled, clipped to the canvas.
struct Item {
    int cls = 0;             // 0-based class
    int x0 = 0, y0 = 0;      // top-left of the visible part, in canvas pixels
    int w = 0, h = 0;        // visible part
    bool truncated = false;  // some of the item fell outside the canvas
    std::vector<float> v;    // w*h intensities 0..255
    Color tint;
};

// Bilinear upscaling of a 28x28 item to `side` pixels (optionally mirrored), placed with its
// top-left at (px, py); keeps only the part inside the canvas. Intensities are stretched so the
// brightest pixel is 255: some Fashion-MNIST items are dim.
Item place_item(const cv::Mat& src, int cls, int side, bool mirror, int px, int py, int canvas) {
    float peak = 1;
    for (int y = 0; y < src.rows; ++y)
        for (int x = 0; x < src.cols; ++x)
            peak = std::max(peak, float(src.at<std::uint8_t>(y, x)));
    float gain = 255.0f / peak;

    Item it;
    it.cls = cls;
    it.x0 = std::max(px, 0);
    it.y0 = std::max(py, 0);
    int x1 = std::min(px + side, canvas), y1 = std::min(py + side, canvas);
    it.w = std::max(x1 - it.x0, 0);
    it.h = std::max(y1 - it.y0, 0);
    it.v.assign(std::size_t(it.w) * it.h, 0.0f);
    const float ratio = float(src.cols) / float(side);
    int visible_on = 0, total_on = 0;
    for (int yy = 0; yy < side; ++yy) {
        float sy = std::clamp((yy + 0.5f) * ratio - 0.5f, 0.0f, float(src.rows - 1));
        int iy = std::min(int(sy), src.rows - 2);
        float fy = sy - iy;
        const auto* r0 = src.ptr<std::uint8_t>(iy);
        const auto* r1 = src.ptr<std::uint8_t>(iy + 1);
        for (int xx = 0; xx < side; ++xx) {
            float sx = std::clamp((xx + 0.5f) * ratio - 0.5f, 0.0f, float(src.cols - 1));
            if (mirror)
                sx = float(src.cols - 1) - sx;
            int ix = std::min(int(sx), src.cols - 2);
            float fx = sx - ix;
            float top = r0[ix] + (r0[ix + 1] - r0[ix]) * fx;
            float bottom = r1[ix] + (r1[ix + 1] - r1[ix]) * fx;
            float value = (top + (bottom - top) * fy) * gain;
            bool on = value > kLow;
            total_on += on;
            int cx = px + xx, cy = py + yy;
            if (cx < it.x0 || cy < it.y0 || cx >= x1 || cy >= y1)
                continue;
            visible_on += on;
            it.v[std::size_t(cy - it.y0) * it.w + (cx - it.x0)] = value;
        }
    }
    it.truncated = visible_on < total_on;
    return it;
}

// Void pixels only make sense as a band next to the item's class pixels: drop void specks
// (8-connected void components that touch no class pixel) by making them invisible.
void drop_void_specks(Item& it) {
    const int w = it.w, h = it.h;
    auto is_void = [&](int i) { return it.v[i] > kLow && it.v[i] < kHigh; };
    std::vector<int> comp(it.v.size(), -1), stack, members;
    for (int start = 0; start < w * h; ++start) {
        if (comp[start] >= 0 || !is_void(start))
            continue;
        bool touches = false;
        members.clear();
        stack.assign(1, start);
        comp[start] = start;
        while (!stack.empty()) {
            int i = stack.back();
            stack.pop_back();
            members.push_back(i);
            int x = i % w, y = i / w;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= w || ny >= h)
                        continue;
                    int n = ny * w + nx;
                    if (it.v[n] >= kHigh)
                        touches = true;
                    if (comp[n] < 0 && is_void(n)) {
                        comp[n] = start;
                        stack.push_back(n);
                    }
                }
        }
        if (!touches)
            for (int i : members)
                it.v[i] = 0;
    }
}

struct Layout {
    std::vector<Item> items;
    cv::Mat labels;          // CV_8UC1
    std::vector<int> owner;  // item index per pixel, -1 for background
};

// Paints items in order (later ones occlude earlier ones) into labels and owners.
void paint_labels(Layout& l, int size) {
    l.labels = cv::Mat(size, size, CV_8UC1, cv::Scalar(kBackgroundLabel));
    l.owner.assign(std::size_t(size) * size, -1);
    for (std::size_t k = 0; k < l.items.size(); ++k) {
        const Item& it = l.items[k];
        for (int y = 0; y < it.h; ++y) {
            auto* row = l.labels.ptr<std::uint8_t>(it.y0 + y);
            for (int x = 0; x < it.w; ++x) {
                float v = it.v[std::size_t(y) * it.w + x];
                if (v <= kLow)
                    continue;
                row[it.x0 + x] = v >= kHigh ? std::uint8_t(it.cls + 1) : kVoidLabel;
                l.owner[std::size_t(it.y0 + y) * size + it.x0 + x] = int(k);
            }
        }
    }
}

// Class pixels each item still shows after occlusion.
std::vector<int> visible_class_pixels(const Layout& l) {
    std::vector<int> count(l.items.size(), 0);
    const auto* labels = l.labels.ptr<std::uint8_t>(0);
    for (std::size_t i = 0; i < l.owner.size(); ++i)
        if (l.owner[i] >= 0 && labels[i] != kVoidLabel)
            ++count[l.owner[i]];
    return count;
}

Layout make_layout(Rng& rng, const DemoItemPool& pool, const DemoCanvasOptions& o, int min_pixels) {
    const int size = o.size;
    Layout l;
    for (int attempt = 0; attempt < kLayoutAttempts; ++attempt) {
        int n = rng.between(o.min_items, o.max_items);
        // More items, smaller items: keeps crowded canvases legible.
        double shrink = std::clamp(std::sqrt(3.0 / n), 0.6, 1.0);
        l.items.clear();
        for (int k = 0; k < n; ++k) {
            int cls = rng.below(kDemoClasses);
            const auto& candidates = pool.of_class(cls);
            int index = candidates[rng.below(int(candidates.size()))];
            int side = std::max(8, int(std::lround(rng.uniform(0.28, 0.49) * shrink * size)));
            int margin = side / 6;  // items may stick out of the canvas a little
            int px = rng.between(-margin, size - side + margin);
            int py = rng.between(-margin, size - side + margin);
            bool mirror = rng.chance(0.5);
            Item it =
                place_item(pool.items().image(std::size_t(index)), cls, side, mirror, px, py, size);
            double hue = rng.uniform();
            it.tint = random_color(rng, hue, 0.65, 1.0, 0.75, 1.0);
            drop_void_specks(it);
            l.items.push_back(std::move(it));
        }
        paint_labels(l, size);
        auto counts = visible_class_pixels(l);
        if (std::all_of(counts.begin(), counts.end(), [&](int c) { return c >= min_pixels; }))
            return l;
    }
    // No layout showed every item well enough (only with extreme options): keep the last one,
    // turning the class pixels of barely visible items into void so tags stay exact.
    auto counts = visible_class_pixels(l);
    auto* labels = l.labels.ptr<std::uint8_t>(0);
    for (std::size_t i = 0; i < l.owner.size(); ++i)
        if (l.owner[i] >= 0 && counts[l.owner[i]] < min_pixels)
            labels[i] = kVoidLabel;
    return l;
}

// Items blended over the background (the same order and thresholds as the labels), plus noise.
cv::Mat render(Canvas& c, const Layout& l, Rng& rng) {
    for (const Item& it : l.items) {
        for (int y = 0; y < it.h; ++y) {
            for (int x = 0; x < it.w; ++x) {
                float v = it.v[std::size_t(y) * it.w + x];
                if (v <= kLow)
                    continue;
                float alpha = std::min(1.0f, (v - kLow) / (kHigh - kLow));
                float shade = 0.4f + 0.6f * v / 255.0f;
                float* px = c.at(it.x0 + x, it.y0 + y);
                const float tint[3] = {it.tint.b, it.tint.g, it.tint.r};
                for (int k = 0; k < 3; ++k)
                    px[k] += (tint[k] * shade - px[k]) * alpha;
            }
        }
    }
    double sigma = rng.uniform(0.01, 0.035);
    cv::Mat img(c.size, c.size, CV_8UC3);
    for (int y = 0; y < c.size; ++y) {
        auto* row = img.ptr<std::uint8_t>(y);
        for (int x = 0; x < c.size; ++x) {
            const float* px = c.at(x, y);
            double luma = rng.noise() * sigma;
            std::uint64_t chroma = rng.next();  // three 21-bit uniforms, a faint colour grain
            for (int k = 0; k < 3; ++k) {
                double u = double((chroma >> (21 * k)) & 0x1FFFFF) / double(0x200000) - 0.5;
                double value = (px[k] + luma + u * sigma) * 255.0 + 0.5;
                row[x * 3 + k] = std::uint8_t(std::clamp(value, 0.0, 255.0));
            }
        }
    }
    return img;
}

// One object per item that shows enough of its class, boxed around its visible pixels.
std::vector<VocObject> objects_of(const Layout& l, int size, int min_pixels) {
    std::vector<VocObject> objects;
    auto counts = visible_class_pixels(l);
    struct Box {
        int x0 = std::numeric_limits<int>::max(), y0 = std::numeric_limits<int>::max();
        int x1 = -1, y1 = -1;
    };
    std::vector<Box> boxes(l.items.size());
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            int k = l.owner[std::size_t(y) * size + x];
            if (k < 0)
                continue;
            Box& b = boxes[k];
            b.x0 = std::min(b.x0, x), b.y0 = std::min(b.y0, y);
            b.x1 = std::max(b.x1, x), b.y1 = std::max(b.y1, y);
        }
    for (std::size_t k = 0; k < l.items.size(); ++k) {
        if (counts[k] < min_pixels)
            continue;
        VocObject o;
        o.name = demo_class_names()[l.items[k].cls];
        o.truncated = l.items[k].truncated;
        o.xmin = boxes[k].x0 + 1, o.ymin = boxes[k].y0 + 1;  // VOC boxes are 1-based
        o.xmax = boxes[k].x1 + 1, o.ymax = boxes[k].y1 + 1;
        objects.push_back(std::move(o));
    }
    return objects;
}

}  // namespace

DemoItemPool::DemoItemPool(FashionMnist items) : items_(std::move(items)) {
    for (std::size_t i = 0; i < items_.size(); ++i)
        by_class_[items_.labels[i]].push_back(int(i));
    for (int c = 0; c < kDemoClasses; ++c)
        if (by_class_[c].empty())
            throw Error("the Fashion-MNIST set has no image of class " + std::to_string(c));
}

DemoCanvas compose_demo_canvas(const DemoItemPool& pool, const DemoCanvasOptions& options,
                               std::uint64_t seed, std::uint64_t index) {
    const int size = options.size;
    // An item must show this many class pixels to count as present (0.4% of the canvas).
    const int min_pixels = std::max(12, size * size / 250);
    Rng rng(mix_seed(seed, index));
    Canvas canvas = make_background(rng, size);
    Layout layout = make_layout(rng, pool, options, min_pixels);
    DemoCanvas out;
    out.image = render(canvas, layout, rng);
    out.labels = layout.labels;
    out.objects = objects_of(layout, size, min_pixels);
    return out;
}

}  // namespace amr::data
