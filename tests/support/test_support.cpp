#include "support/test_support.h"

#include <QProcess>
#include <fstream>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>

#include "engine/core/error.h"

namespace amr::test {

CliResult run_cli(const QStringList& args, int timeout_ms) {
    QProcess p;
    p.start(QStringLiteral(AMR_CLI_PATH), args);
    CliResult r;
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exit_code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

void write_text(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary);
    out << text;
    if (!out)
        throw std::runtime_error("cannot write " + file.string());
}

void write_test_image(const std::filesystem::path& file, int width, int height, cv::Scalar bgr) {
    std::filesystem::create_directories(file.parent_path());
    cv::Mat img(height, width, CV_8UC3, bgr);
    if (!cv::imwrite(file.string(), img))
        throw std::runtime_error("cannot write " + file.string());
}

std::filesystem::path to_path(const QString& s) {
    return std::filesystem::path(s.toStdString());
}

QString error_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const amr::Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

cv::Mat label_image(int rows, int cols, std::initializer_list<int> values) {
    if (values.size() != static_cast<std::size_t>(rows) * cols)
        throw std::invalid_argument("label_image: wrong number of values");
    cv::Mat m(rows, cols, CV_8UC1);
    auto it = values.begin();
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x)
            m.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>(*it++);
    return m;
}

}  // namespace amr::test
