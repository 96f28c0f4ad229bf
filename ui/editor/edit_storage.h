#pragma once
// Where the mask editor reads mask versions from and saves corrections, review status and
// scores to. Two kinds: a project (engine/project/project.h: masks/<version>/, review state in
// the database) and, for a dataset opened without a project, a folder `amr-edits/` inside the
// dataset (human masks in amr-edits/human/<id>.png, review state in amr-edits/review.json).
// Methods are called on the UI thread.

#include <QString>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/data/dataset.h"
#include "engine/project/project.h"
#include "engine/review/confidence_score.h"

namespace amr::ui {

struct MaskVersion {
    QString version;  // "human", "refined", "deeplab", "cam", "seeds", "imported", "gt"
    QString path;
};

class EditStorage {
public:
    virtual ~EditStorage() = default;
    // For the user, e.g. "project demo" or "/data/voc/amr-edits".
    virtual QString describe() const = 0;
    // The versions that exist for this image, the best place to start editing first: the
    // human version when there is one, then refined, DeepLab, CAM, seeds, imported, ground truth.
    virtual std::vector<MaskVersion> versions(const data::ImageRecord& image) const = 0;
    // Where the human version of this image is saved (its folder is created here).
    virtual QString humanPath(const data::ImageRecord& image) const = 0;
    // Called after each save of the human version.
    virtual void recordHuman(const data::ImageRecord& image, const QString& path,
                             const std::string& provenanceJson) = 0;
    // Withdraws the human version of this image (its file and record), e.g. when every edit
    // saved since it was loaded has been undone. Nothing happens when there is none.
    virtual void removeHuman(const data::ImageRecord& image) = 0;
    virtual project::ImageState state(const std::string& id) const = 0;
    virtual std::vector<project::ImageState> states() const = 0;
    virtual void setStatus(const std::string& id, project::ReviewStatus status) = 0;
    virtual void setScores(const review::ScoreMap& scores) = 0;
    // Inputs of the background scoring job for the whole dataset (plain data, safe to hand to a
    // worker thread): per image the best pseudo label (not the human one), DeepLab when present.
    virtual review::ScoreDatasetOptions scoreOptions(const data::Dataset& dataset) const = 0;
};

// The dataset-folder storage (no project). Throws amr::Error when review.json is corrupt.
std::unique_ptr<EditStorage> makeFolderEditStorage(const std::filesystem::path& datasetRoot);

// The project storage; `connect` opens a connection for the calling thread (see
// ProjectSession::connect).
std::unique_ptr<EditStorage> makeProjectEditStorage(
    std::function<std::unique_ptr<project::Project>()> connect);

// "new", "accepted", "corrected", "needs-work" (the names Project uses), and back.
QString statusName(project::ReviewStatus status);
QString statusTitle(project::ReviewStatus status);  // for people: "Accepted", "Needs work", ...

}  // namespace amr::ui
