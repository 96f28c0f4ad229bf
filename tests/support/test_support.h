#pragma once
// Helpers shared by the Qt Test programs: scratch folders, running the CLI, tiny fixtures.

#include <QString>
#include <QStringList>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <string>

#include <opencv2/core.hpp>

namespace amr::test {

struct CliResult {
    int exit_code = -1;
    QString out;
    QString err;
};

// Runs the built `amr` binary with these arguments and waits (at most `timeout_ms`).
CliResult run_cli(const QStringList& args, int timeout_ms = 300000);

// Writes a text file (creating parent folders).
void write_text(const std::filesystem::path& file, const std::string& text);

// Writes a solid-colour JPEG or PNG (by extension) of the given size, creating parent folders.
void write_test_image(const std::filesystem::path& file, int width, int height,
                      cv::Scalar bgr = {40, 120, 200});

std::filesystem::path to_path(const QString& s);

// The message of the amr::Error that `fn` throws, or an empty string when it throws none.
QString error_of(const std::function<void()>& fn);

// A CV_8UC1 label image filled row by row from `values` (rows * cols of them).
cv::Mat label_image(int rows, int cols, std::initializer_list<int> values);

}  // namespace amr::test
