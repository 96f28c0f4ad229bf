// Edits of a project: mask versions under masks/<version>/, review state and scores in the
// project database (engine/project/project.h).

#include <filesystem>

#include "engine/cam/make_cams.h"
#include "engine/core/error.h"
#include "ui/editor/edit_storage.h"

namespace fs = std::filesystem;

namespace amr::ui {
namespace {

// Best starting point first; "human" is handled apart.
const char* const kSourceOrder[] = {"refined", "deeplab", "cam", "seeds", "imported"};
// What the review score judges: the pseudo labels the engine made (DeepLab is compared to it).
const char* const kPseudoOrder[] = {"refined", "cam", "seeds", "imported"};

class ProjectEditStorage : public EditStorage {
public:
    explicit ProjectEditStorage(std::function<std::unique_ptr<project::Project>()> connect)
        : m_project(connect()) {}

    QString describe() const override {
        return QStringLiteral("project %1").arg(QString::fromStdString(m_project->name()));
    }

    std::vector<MaskVersion> versions(const data::ImageRecord& image) const override {
        std::vector<MaskVersion> out;
        auto add = [&](const char* version) {
            if (auto rec = m_project->mask(image.id, version)) {
                std::error_code ec;
                if (fs::exists(rec->path, ec))
                    out.push_back(
                        {QString::fromLatin1(version), QString::fromStdString(rec->path.string())});
            }
        };
        add("human");
        for (const char* v : kSourceOrder)
            add(v);
        if (image.mask)
            out.push_back({QStringLiteral("gt"), QString::fromStdString(image.mask->string())});
        return out;
    }

    QString humanPath(const data::ImageRecord& image) const override {
        const fs::path dir = m_project->mask_dir("human");
        fs::create_directories(dir);
        return QString::fromStdString((dir / (image.id + ".png")).string());
    }

    void recordHuman(const data::ImageRecord& image, const QString& path,
                     const std::string& provenanceJson) override {
        project::MaskRecord rec;
        rec.image_id = image.id;
        rec.version = "human";
        rec.path = fs::absolute(path.toStdString());
        rec.provenance = provenanceJson;
        m_project->record_mask(rec);
    }

    void removeHuman(const data::ImageRecord& image) override {
        fs::path file = m_project->mask_dir("human") / (image.id + ".png");
        if (auto rec = m_project->mask(image.id, "human"))
            file = rec->path;
        std::error_code ec;
        fs::remove(file, ec);
        if (ec)
            throw Error(file, "cannot be removed: " + ec.message());
        m_project->remove_mask(image.id, "human");
    }

    project::ImageState state(const std::string& id) const override {
        return m_project->image_state(id);
    }
    std::vector<project::ImageState> states() const override { return m_project->image_states(); }
    void setStatus(const std::string& id, project::ReviewStatus status) override {
        m_project->set_status(id, status);
    }
    void setScores(const review::ScoreMap& scores) override { m_project->set_scores(scores); }

    review::ScoreDatasetOptions scoreOptions(const data::Dataset& dataset) const override {
        review::ScoreDatasetOptions o;
        for (std::size_t i = 0; i < dataset.size(); ++i) {
            const data::ImageRecord& rec = dataset[i];
            review::ScoreItem item{
                rec.id, std::vector<int>(rec.tags.begin(), rec.tags.end()), {}, {}};
            for (const char* v : kPseudoOrder)
                if (auto m = m_project->mask(rec.id, v); m && item.mask.empty())
                    item.mask = m->path;
            if (item.mask.empty())
                continue;
            if (auto d = m_project->mask(rec.id, "deeplab"))
                item.deeplab = d->path;
            o.items.push_back(std::move(item));
        }
        o.cam_store = m_project->cam_store_dir();
        for (const char* stage : {"amr", "cam"}) {
            const fs::path ckpt = m_project->checkpoint_path(stage);
            std::error_code ec;
            if (fs::exists(ckpt, ec)) {
                o.cam_fingerprint = cam::checkpoint_fingerprint(ckpt);
                break;
            }
        }
        // A malformed setting keeps the default rather than blocking the review.
        auto number = [this](const char* key, float fallback) {
            const auto text = m_project->setting(key);
            if (!text)
                return fallback;
            try {
                return std::stof(*text);
            } catch (const std::exception&) {
                return fallback;
            }
        };
        o.alpha = number("cam.alpha", o.alpha);
        o.threshold = number("cam.threshold", o.threshold);
        return o;
    }

private:
    std::unique_ptr<project::Project> m_project;
};

}  // namespace

std::unique_ptr<EditStorage> makeProjectEditStorage(
    std::function<std::unique_ptr<project::Project>()> connect) {
    return std::make_unique<ProjectEditStorage>(std::move(connect));
}

}  // namespace amr::ui
