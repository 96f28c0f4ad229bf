#include "engine/cam/recalibrate.h"

#include <string>

#include "engine/core/error.h"

namespace amr::cam {

namespace {

void check_key(int key) {
    if (key < 0 || key >= 254)
        throw Error("class key " + std::to_string(key) + " out of range");
}

// The shared kernel: label[i] = argmax over {threshold, a*s_k[i] + b*c_k[i]}. With b == 0 and
// c == nullptr it is the plain argmax over the s planes.
void label_kernel(const std::vector<const float*>& s, const std::vector<const float*>& c, float a,
                  float b, const std::vector<int>& keys, float threshold, std::size_t n,
                  unsigned char* out) {
    const std::size_t k = s.size();
    for (std::size_t i = 0; i < n; ++i)
        out[i] = 0;
    // Plane-outer keeps each pass streaming through one contiguous buffer; a running best plane
    // avoids re-reading earlier planes. Strict '>' sends ties to the earlier plane.
    std::vector<float> best(n, threshold);
    for (std::size_t j = 0; j < k; ++j) {
        const float* sp = s[j];
        const unsigned char value = static_cast<unsigned char>(keys[j] + 1);
        float* bp = best.data();
        if (c.empty()) {
            for (std::size_t i = 0; i < n; ++i) {
                const float v = sp[i];
                const bool win = v > bp[i];
                bp[i] = win ? v : bp[i];
                out[i] = win ? value : out[i];
            }
        } else {
            const float* cp = c[j];
            for (std::size_t i = 0; i < n; ++i) {
                const float v = a * sp[i] + b * cp[i];
                const bool win = v > bp[i];
                bp[i] = win ? v : bp[i];
                out[i] = win ? value : out[i];
            }
        }
    }
}

std::vector<const float*> pointers(const CamPlanes& planes, std::vector<cv::Mat>& keep) {
    std::vector<const float*> out;
    for (const cv::Mat& p : planes) {
        if (p.type() != CV_32FC1)
            throw Error("CAM planes must be CV_32FC1");
        keep.push_back(p.isContinuous() ? p : p.clone());
        out.push_back(keep.back().ptr<float>());
    }
    return out;
}

}  // namespace

void max_normalise(CamPlanes& planes) {
    for (cv::Mat& p : planes) {
        if (p.type() != CV_32FC1)
            throw Error("CAM planes must be CV_32FC1");
        double mx = 0;
        cv::minMaxLoc(p, nullptr, &mx);
        p.convertTo(p, CV_32FC1, 1.0 / (static_cast<float>(mx) + 1e-5f));
    }
}

void weighted_plane(const cv::Mat& s, const cv::Mat& c, float alpha, cv::Mat& out) {
    if (s.type() != CV_32FC1 || c.type() != CV_32FC1 || s.size() != c.size())
        throw Error("spotlight and compensation CAM planes differ in size or type");
    if (out.data == s.data || out.data == c.data)
        out = cv::Mat();  // never write into an input
    out.create(s.size(), CV_32FC1);
    const float a = alpha, b = 1.0f - alpha;
    for (int y = 0; y < s.rows; ++y) {
        const float* sp = s.ptr<float>(y);
        const float* cp = c.ptr<float>(y);
        float* wp = out.ptr<float>(y);
        for (int x = 0; x < s.cols; ++x)
            wp[x] = a * sp[x] + b * cp[x];
    }
}

CamPlanes weighted_cam(const CamPlanes& spotlight, const CamPlanes& compensation, float alpha) {
    if (spotlight.size() != compensation.size())
        throw Error("spotlight and compensation CAMs have different class counts");
    CamPlanes out(spotlight.size());
    for (std::size_t k = 0; k < spotlight.size(); ++k)
        weighted_plane(spotlight[k], compensation[k], alpha, out[k]);
    return out;
}

void weighted_heat(const CamEntry& entry, float alpha, int plane, cv::Mat& out, cv::Mat& scratch) {
    const int k = static_cast<int>(entry.keys.size());
    if (k == 0) {
        out = cv::Mat();
        return;
    }
    const auto& s = entry.spotlight.high_res;
    const auto& c = entry.compensation.high_res;
    if (static_cast<int>(s.size()) != k || static_cast<int>(c.size()) != k)
        throw Error("the stored CAMs have no full-resolution maps");
    if (plane >= k)
        throw Error("CAM plane " + std::to_string(plane) + " out of range");
    const int first = plane < 0 ? 0 : plane;
    const int last = plane < 0 ? k - 1 : plane;
    for (int j = first; j <= last; ++j) {
        weighted_plane(s[j], c[j], alpha, j == first ? out : scratch);
        if (j != first)
            cv::max(out, scratch, out);
    }
}

cv::Mat pseudo_label(const CamPlanes& cams, const std::vector<int>& keys, float threshold,
                     cv::Size size) {
    if (cams.size() != keys.size())
        throw Error("CAM planes and class keys differ in count");
    for (int key : keys)
        check_key(key);
    if (cams.empty())
        return cv::Mat(size, CV_8UC1, cv::Scalar(0));
    const cv::Size sz = cams[0].size();
    for (const cv::Mat& p : cams)
        if (p.size() != sz)
            throw Error("CAM planes differ in size");
    std::vector<cv::Mat> keep;
    const auto s = pointers(cams, keep);
    cv::Mat out(sz, CV_8UC1);
    label_kernel(s, {}, 1.0f, 0.0f, keys, threshold, static_cast<std::size_t>(sz.area()),
                 out.ptr<unsigned char>());
    return out;
}

void recalibrated_label(const CamEntry& entry, float alpha, float threshold, cv::Mat& out) {
    const std::size_t k = entry.keys.size();
    if (k > 0 && (entry.spotlight.high_res.size() != k || entry.compensation.high_res.size() != k))
        throw Error("the stored CAMs have no full-resolution maps");
    for (int key : entry.keys)
        check_key(key);
    const cv::Size sz(entry.width, entry.height);
    if (out.size() != sz || out.type() != CV_8UC1 || !out.isContinuous())
        out.create(sz, CV_8UC1);
    std::vector<cv::Mat> keep;
    const auto s = pointers(entry.spotlight.high_res, keep);
    const auto c = pointers(entry.compensation.high_res, keep);
    for (std::size_t j = 0; j < k; ++j)
        if (entry.spotlight.high_res[j].size() != sz || entry.compensation.high_res[j].size() != sz)
            throw Error("full-resolution CAM planes do not match the image size");
    label_kernel(s, c, alpha, 1.0f - alpha, entry.keys, threshold,
                 static_cast<std::size_t>(sz.area()), out.ptr<unsigned char>());
}

cv::Mat recalibrated_label(const CamEntry& entry, float alpha, float threshold) {
    cv::Mat out;
    recalibrated_label(entry, alpha, threshold, out);
    return out;
}

}  // namespace amr::cam
