// Edits of a dataset opened without a project: amr-edits/ inside the dataset folder.

#include <QCoreApplication>
#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "ui/editor/edit_storage.h"

namespace fs = std::filesystem;

namespace amr::ui {
namespace {

using json = nlohmann::json;
using project::ImageState;
using project::ReviewStatus;

ReviewStatus statusFromName(const std::string& name, const fs::path& file) {
    for (ReviewStatus s : {ReviewStatus::New, ReviewStatus::Accepted, ReviewStatus::Corrected,
                           ReviewStatus::NeedsWork})
        if (statusName(s).toStdString() == name)
            return s;
    throw Error(file, "unknown review status '" + name + "'");
}

class FolderEditStorage : public EditStorage {
public:
    explicit FolderEditStorage(fs::path root) : m_dir(std::move(root) / "amr-edits") { load(); }

    QString describe() const override { return QString::fromStdString(m_dir.string()); }

    std::vector<MaskVersion> versions(const data::ImageRecord& image) const override {
        std::vector<MaskVersion> out;
        const fs::path human = humanFile(image.id);
        std::error_code ec;
        if (fs::exists(human, ec))
            out.push_back({QStringLiteral("human"), QString::fromStdString(human.string())});
        if (image.mask)
            out.push_back({QStringLiteral("gt"), QString::fromStdString(image.mask->string())});
        return out;
    }

    QString humanPath(const data::ImageRecord& image) const override {
        fs::create_directories(m_dir / "human");
        return QString::fromStdString(humanFile(image.id).string());
    }

    void recordHuman(const data::ImageRecord&, const QString&, const std::string&) override {}

    void removeHuman(const data::ImageRecord& image) override {
        std::error_code ec;
        fs::remove(humanFile(image.id), ec);
        if (ec)
            throw Error(humanFile(image.id), "cannot be removed: " + ec.message());
    }

    ImageState state(const std::string& id) const override {
        const auto it = m_states.find(id);
        if (it != m_states.end())
            return it->second;
        ImageState s;
        s.id = id;
        return s;
    }

    std::vector<ImageState> states() const override {
        std::vector<ImageState> out;
        for (const auto& [id, s] : m_states)
            out.push_back(s);
        return out;
    }

    void setStatus(const std::string& id, ReviewStatus status) override {
        ImageState& s = m_states[id];
        s.id = id;
        s.status = status;
        save();
    }

    void setScores(const review::ScoreMap& scores) override {
        for (const auto& [id, value] : scores) {
            ImageState& s = m_states[id];
            s.id = id;
            s.score = value.first;
            s.score_details = value.second;
        }
        save();
    }

    review::ScoreDatasetOptions scoreOptions(const data::Dataset& dataset) const override {
        review::ScoreDatasetOptions o;
        for (std::size_t i = 0; i < dataset.size(); ++i) {
            const data::ImageRecord& rec = dataset[i];
            if (!rec.mask)
                continue;
            o.items.push_back(
                {rec.id, std::vector<int>(rec.tags.begin(), rec.tags.end()), *rec.mask, {}});
        }
        return o;
    }

private:
    fs::path humanFile(const std::string& id) const { return m_dir / "human" / (id + ".png"); }
    fs::path stateFile() const { return m_dir / "review.json"; }

    void load() {
        std::error_code ec;
        if (!fs::exists(stateFile(), ec))
            return;
        json j;
        try {
            j = json::parse(read_file(stateFile()));
        } catch (const json::exception& e) {
            throw Error(stateFile(), std::string("not valid JSON: ") + e.what());
        }
        if (!j.is_object())
            throw Error(stateFile(), "expected a JSON object of image ids");
        for (const auto& [id, v] : j.items()) {
            ImageState s;
            s.id = id;
            s.status = statusFromName(v.value("status", "new"), stateFile());
            if (v.contains("score") && v["score"].is_number())
                s.score = v["score"].get<double>();
            s.score_details = v.value("details", "");
            m_states[id] = s;
        }
    }

    void save() const {
        json j = json::object();
        for (const auto& [id, s] : m_states) {
            json v;
            v["status"] = statusName(s.status).toStdString();
            if (s.score)
                v["score"] = *s.score;
            if (!s.score_details.empty())
                v["details"] = s.score_details;
            j[id] = v;
        }
        fs::create_directories(m_dir);
        write_file_atomically(stateFile(), j.dump(1));
    }

    fs::path m_dir;
    std::map<std::string, ImageState> m_states;
};

}  // namespace

QString statusName(project::ReviewStatus status) {
    switch (status) {
        case ReviewStatus::Accepted:
            return QStringLiteral("accepted");
        case ReviewStatus::Corrected:
            return QStringLiteral("corrected");
        case ReviewStatus::NeedsWork:
            return QStringLiteral("needs-work");
        case ReviewStatus::New:
            break;
    }
    return QStringLiteral("new");
}

QString statusTitle(project::ReviewStatus status) {
    switch (status) {
        case ReviewStatus::Accepted:
            return QCoreApplication::translate("amr::ui::EditStorage", "Accepted");
        case ReviewStatus::Corrected:
            return QCoreApplication::translate("amr::ui::EditStorage", "Corrected");
        case ReviewStatus::NeedsWork:
            return QCoreApplication::translate("amr::ui::EditStorage", "Needs work");
        case ReviewStatus::New:
            break;
    }
    return QCoreApplication::translate("amr::ui::EditStorage", "Not reviewed");
}

std::unique_ptr<EditStorage> makeFolderEditStorage(const fs::path& datasetRoot) {
    return std::make_unique<FolderEditStorage>(datasetRoot);
}

}  // namespace amr::ui
