#include "support/test_support.h"

#include <QProcess>
#include <fstream>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>

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

}  // namespace amr::test
