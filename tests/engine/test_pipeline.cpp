// The stage registry and the pipeline on a tiny project: default options round-trip through
// validate(), bad values give the engine's check() message, `amr pipeline --to make-cam` runs
// and records its runs, a rerun skips complete stages, a per-image stage whose options changed
// computes every image again, output older than an earlier stage's newer output runs again, and
// a cancelled training stage resumes.

#include "engine/core/error.h"
#include "engine/data/demo_data.h"
#include "engine/pipeline/pipeline.h"
#include "engine/pipeline/stages.h"
#include "engine/project/project.h"

#include <QTemporaryDir>
#include <QTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "support/test_support.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace amr::pipeline;

namespace {

// Shrinks the two classification stages to a few seconds on two cores.
const char* kTinyTraining =
    R"({"base_width":8,"blocks":[1,1,1,1],"crop":64,"batch":4,"epochs":1,"init":"none",)"
    R"("layout":"torchvision","loader_threads":1})";

std::size_t count_lines(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line))
        n += !line.empty();
    return n;
}

}  // namespace

class TestPipeline : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_;

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

    PipelineOptions tiny(const fs::path& project, const std::string& to) {
        PipelineOptions o;
        o.project = project;
        o.preset = "quick";
        o.to = to;
        o.device = "cpu";
        o.options["train-cam"] = kTinyTraining;
        o.options["train-amr"] = kTinyTraining;
        o.options["make-cam"] = R"({"scales":[1.0],"high_res":true})";
        return o;
    }

    // The quick preset on a new project of the demo data (stages faked by the test).
    PipelineOptions onNewProject(const std::string& name) {
        PipelineOptions o;
        o.project = out(name);
        o.preset = "quick";
        if (!ensure_project(o.project, data_))
            qFatal("%s exists already", name.c_str());
        return o;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 6;
        d.val_images = 2;
        d.canvas_size = 64;
        d.min_items = 1;
        d.max_items = 2;
        data_ = amr::data::make_demo_data(d).root;
    }

    void registryListsEveryStageInOrder() {
        std::vector<std::string> names;
        for (const auto& s : stages())
            names.push_back(s.name);
        QCOMPARE(names, (std::vector<std::string>{"train-cam", "train-amr", "make-cam",
                                                  "make-seeds", "train-irn", "refine",
                                                  "train-deeplab", "predict", "export"}));
        QVERIFY(stage("train-amr").training);
        QVERIFY(!stage("make-cam").training);
        QCOMPARE(stage("refine").mask_version, std::string("refined"));
        QVERIFY(amr::test::error_of([] { stage("train-foo"); }).contains("train-cam, train-amr"));
        QVERIFY(stage_index("predict") == 7);
        // Every preset predicts val where the dataset has one, else every image: a folder of
        // tagged images has only train.
        for (const auto& preset : stage("predict").presets)
            QCOMPARE(json::parse(stage("predict").defaults(preset))["split"].get<std::string>(),
                     std::string("auto"));
    }

    // Every stage's defaults, for every preset, go through validate() unchanged, and the
    // project-bound paths come from the project, not from the user.
    void defaultsRoundTrip() {
        ProjectPaths paths;
        paths.dir = out("paths");
        paths.dataset = data_;
        paths.checkpoint_cam = out("paths/checkpoints/cam.pt");
        paths.checkpoint_amr = out("paths/checkpoints/amr.pt");
        paths.checkpoint_irn = out("paths/checkpoints/irn.pt");
        paths.checkpoint_deeplab = out("paths/checkpoints/deeplab.pt");
        paths.cam_store = out("paths/cams");
        paths.masks_seeds = out("paths/masks/seeds");
        paths.masks_refined = out("paths/masks/refined");
        paths.masks_deeplab = out("paths/masks/deeplab");
        paths.confidence = out("paths/confidence");
        paths.boundary = out("paths/boundary");
        paths.runs = out("paths/runs");
        paths.export_dir = out("paths/export");
        // Inputs exist (empty), in case a check() looks for them.
        for (const auto& d : {paths.cam_store, paths.masks_seeds, paths.masks_refined,
                              paths.masks_deeplab, paths.confidence, paths.boundary, paths.runs})
            fs::create_directories(d);
        for (const auto& f : {paths.checkpoint_cam, paths.checkpoint_amr, paths.checkpoint_irn,
                              paths.checkpoint_deeplab})
            amr::test::write_text(f, "");
        for (const auto& s : stages()) {
            for (const auto& preset : preset_names()) {
                const json defaults = json::parse(s.defaults(preset));
                QVERIFY2(defaults.is_object() && !defaults.empty(), s.name.c_str());
                QVERIFY2(!defaults.contains("dataset"), s.name.c_str());
                QVERIFY2(!defaults.contains("output"), s.name.c_str());
                json full;
                try {
                    full = json::parse(s.validate(preset, defaults.dump(), paths));
                } catch (const amr::Error& e) {
                    QFAIL(qPrintable(
                        QString::fromStdString(s.name + " " + preset + ": " + e.what())));
                }
                for (const auto& [key, value] : defaults.items())
                    QVERIFY2(full.at(key) == value, (s.name + "." + key).c_str());
                QCOMPARE(full.at("dataset").get<std::string>(), data_.string());
            }
        }
        // Presets differ where the engine defines them.
        QVERIFY(json::parse(stage("train-cam").defaults("quick"))["crop"] == 128);
        QVERIFY(json::parse(stage("train-cam").defaults("paper"))["crop"] == 512);
        QVERIFY(json::parse(stage("train-amr").defaults("official"))["cps_mode"] == "flip-merge");
        QVERIFY(json::parse(stage("make-cam").defaults("paper"))["scales"].size() == 7);
        // paper and official climb as the official make_cam; quick and demo stay plain (CPU).
        for (const char* p : {"paper", "official"}) {
            const json mc = json::parse(stage("make-cam").defaults(p));
            QVERIFY2(mc["adversarial"] == true && mc["adv_iterations"] == 27, p);
            QVERIFY(mc["scales"] == json({1.0, 0.5, 0.75, 1.25, 1.5, 1.75, 2.0}));
        }
        for (const char* p : {"quick", "demo"})
            QVERIFY2(json::parse(stage("make-cam").defaults(p))["adversarial"] == false, p);
        QVERIFY(json::parse(stage("make-cam").defaults("demo"))["scales"].size() == 1);
        // "demo": the stages with a demo preset of their own (frozen ImageNet backbone) keep
        // its length; the others run "quick", shortened.
        const json cam_demo = json::parse(stage("train-cam").defaults("demo"));
        QCOMPARE(cam_demo["lr_backbone"].get<double>(), 0.0);
        QCOMPARE(cam_demo["epochs"].get<int>(), 16);
        QCOMPARE(json::parse(stage("train-amr").defaults("demo"))["lr_classifier_s"].get<double>(),
                 0.0);
        QCOMPARE(json::parse(stage("train-irn").defaults("demo"))["crop"].get<int>(), 128);
        QVERIFY(json::parse(stage("train-deeplab").defaults("demo"))["iterations"].get<int>() <=
                40);
        QVERIFY(amr::test::error_of([] {
                    stage("train-cam").defaults("fancy");
                }).contains("unknown preset 'fancy'"));
    }

    void badValuesGiveTheCheckMessage() {
        ProjectPaths paths;
        paths.dataset = data_;
        paths.checkpoint_cam = out("x/cam.pt");
        paths.checkpoint_amr = out("x/amr.pt");
        paths.cam_store = out("x/cams");
        const auto& cam = stage("train-cam");
        QString e = amr::test::error_of([&] { cam.validate("quick", R"({"crop":5})", paths); });
        QVERIFY2(e.contains("crop must be in [32, 4096] pixels (got 5)"), qPrintable(e));
        e = amr::test::error_of([&] { cam.validate("quick", R"({"epochs":"many"})", paths); });
        QVERIFY2(e.contains("train-cam options") && e.contains("'epochs' has the wrong type"),
                 qPrintable(e));
        e = amr::test::error_of([&] { cam.validate("quick", R"({"epoch":3})", paths); });
        QVERIFY2(e.contains("unknown training option 'epoch'"), qPrintable(e));
        e = amr::test::error_of(
            [&] { stage("make-cam").validate("paper", R"({"scales":[1.0, 0]})", paths); });
        QVERIFY2(e.contains("make-cam options: scale") && e.contains("out of range"),
                 qPrintable(e));
        e = amr::test::error_of(
            [&] { stage("make-cam").validate("paper", R"({"device":"tpu"})", paths); });
        QVERIFY2(e.contains("device 'tpu'"), qPrintable(e));
        e = amr::test::error_of(
            [&] { stage("export").validate("paper", R"({"existing":"merge"})", paths); });
        QVERIFY2(e.contains("existing must be"), qPrintable(e));
        e = amr::test::error_of(
            [&] { stage("make-seeds").validate("paper", R"({"alpha":"x"})", paths); });
        QVERIFY2(e.contains("make-seeds options: option 'alpha' has the wrong type"),
                 qPrintable(e));
    }

    void pipelineOptionsCheck() {
        PipelineOptions o;
        o.project = out("p");
        o.from = "make-cam";
        o.to = "train-cam";
        QVERIFY(amr::test::error_of([&] { o.check(); }).contains("comes after"));
        o.to = "nope";
        QVERIFY(amr::test::error_of([&] { o.check(); }).contains("unknown stage 'nope'"));
        o.to = "predict";
        o.options["make-cam"] = "[1,2]";
        QVERIFY(amr::test::error_of([&] { o.check(); }).contains("not a JSON object"));
    }

    // The CLI end to end, up to make-cam: runs recorded, metrics written, rerun skips.
    void cliRunsToMakeCamAndRecordsRuns() {
        const fs::path project = out("cli-project");
        amr::test::write_text(out("cfg.json"), std::string("{\"train-cam\":") + kTinyTraining +
                                                   ",\"train-amr\":" + kTinyTraining +
                                                   ",\"make-cam\":{\"scales\":[1.0]}}");
        const QStringList args{"pipeline",  QString::fromStdString(project.string()),
                               "--dataset", QString::fromStdString(data_.string()),
                               "--preset",  "quick",
                               "--to",      "make-cam",
                               "--device",  "cpu",
                               "--config",  QString::fromStdString(out("cfg.json").string())};
        auto r = amr::test::run_cli(args);
        QVERIFY2(r.exit_code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains("created project"), qPrintable(r.out));
        QVERIFY2(r.out.contains("[1/3] train-cam     finished"), qPrintable(r.out));
        QVERIFY2(r.out.contains("[3/3] make-cam      finished"), qPrintable(r.out));

        auto p = amr::project::Project::open(project);
        const auto runs = p.runs();
        QCOMPARE(runs.size(), std::size_t(3));
        QCOMPARE(runs[0].stage, std::string("train-cam"));
        QCOMPARE(runs[1].stage, std::string("train-amr"));
        QCOMPARE(runs[2].stage, std::string("make-cam"));
        for (const auto& run : runs)
            QCOMPARE(run.status, amr::project::RunStatus::Finished);
        QVERIFY(fs::exists(p.checkpoint_path("cam")));
        QVERIFY(fs::exists(p.checkpoint_path("amr")));
        // 6 images, batch 4: one step per epoch, one epoch.
        QVERIFY(count_lines(p.runs_dir() / (std::to_string(runs[0].id) + ".metrics.jsonl")) >= 1);
        const json summary = json::parse(runs[2].summary_json);
        QVERIFY(summary["computed"].get<int>() > 0);
        QVERIFY(json::parse(runs[1].options_json)["cam"] == p.checkpoint_path("cam").string());

        r = amr::test::run_cli(args);
        QVERIFY2(r.exit_code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains("train-cam     skipped"), qPrintable(r.out));
        QVERIFY2(r.out.contains("train-amr     skipped"), qPrintable(r.out));
        const auto again = amr::project::Project::open(project).runs();
        QCOMPARE(again.size(), std::size_t(4));
        QCOMPARE(json::parse(again[3].summary_json)["computed"].get<int>(), 0);
    }

    // A per-image stage resumes while its options are those of its last run, and computes every
    // image again once an option that changes its output does (an α tuned in the CAM viewer);
    // threads and device do not count. The event says why.
    void changedOptionsRecomputeEveryImage() {
        PipelineOptions o = onNewProject("options-project");
        o.from = o.to = "make-seeds";
        std::vector<bool> overwrites;
        std::vector<std::string> messages;
        PipelineCallbacks cb;
        cb.run_stage = [&](const StageInfo&, const std::string&, const std::string&,
                           const StageContext& sc) {
            overwrites.push_back(sc.overwrite);
            return StageResult{};
        };
        cb.stage = [&](const StageEvent& e) {
            if (e.kind == StageEvent::Kind::Started)
                messages.push_back(e.message);
        };
        for (const char* options :
             {"{}", "{}", R"({"alpha":0.25})", R"({"alpha":0.25,"threads":1})",
              R"({"alpha":0.25,"bg_threshold":0.1})"}) {
            o.options["make-seeds"] = options;
            QVERIFY(run_pipeline(o, {}, cb).finished);
        }
        QCOMPARE(overwrites, (std::vector<bool>{false, false, true, false, true}));
        QCOMPARE(messages[1], std::string());
        QCOMPARE(messages[2],
                 std::string("options changed since run 2 (alpha): every image is computed again"));
        QCOMPARE(messages[4], std::string("options changed since run 4 (bg_threshold): every "
                                          "image is computed again"));
    }

    // Output older than what a stage before it wrote since is stale: seeds made again by a
    // single-stage run make the next pipeline train IRNet again and refine every image, and say
    // why; without such a run the pipeline skips and resumes as before.
    void staleOutputRunsAgain() {
        PipelineOptions o = onNewProject("stale-project");
        std::set<std::string> ran;
        std::vector<std::string> events;
        PipelineCallbacks cb;
        cb.run_stage = [&](const StageInfo& s, const std::string&, const std::string&,
                           const StageContext& sc) {
            if (s.training) {
                amr::test::write_text(s.checkpoint(sc.paths), "weights");
                return StageResult{"{}", true, true};
            }
            const int written = (ran.insert(s.name).second || sc.overwrite) ? 3 : 0;
            return StageResult{json{{"written", written}}.dump(), written > 0, true};
        };
        cb.stage = [&](const StageEvent& e) {
            std::string line = e.stage + ":" + to_string(e.kind);
            if (e.kind == StageEvent::Kind::Started && !e.message.empty())
                line += " (" + e.message + ")";
            events.push_back(line);
        };
        auto run = [&](const char* from, const char* to, const char* seeds) {
            o.from = from;
            o.to = to;
            o.options["make-seeds"] = seeds;
            events.clear();
            QVERIFY(run_pipeline(o, {}, cb).finished);
        };
        const char* plain = "{}";
        const char* tuned = R"({"alpha":0.25})";

        run("make-seeds", "refine", plain);  // runs 1-3
        run("make-seeds", "refine", plain);  // runs 4, 5: resumed, nothing new
        QCOMPARE(events, (std::vector<std::string>{"make-seeds:started", "make-seeds:finished",
                                                   "train-irn:skipped", "refine:started",
                                                   "refine:finished"}));
        run("make-seeds", "make-seeds", tuned);  // run 6: every seed again
        run("make-seeds", "refine", tuned);      // run 7 resumes, 8 trains, 9 refines
        QCOMPARE(events, (std::vector<std::string>{
                             "make-seeds:started", "make-seeds:finished",
                             "train-irn:started (make-seeds wrote new output in run 6, after this "
                             "stage's run 2: it runs again on it)",
                             "train-irn:finished", "refine:started", "refine:finished"}));
        const auto runs = amr::project::Project::open(o.project).runs();
        QCOMPARE(runs.size(), std::size_t(9));
        QCOMPARE(json::parse(runs[8].summary_json)["written"].get<int>(), 3);
        run("make-seeds", "refine", tuned);  // up to date again
        QCOMPARE(events[2], std::string("train-irn:skipped"));
    }

    // A training stage cancelled mid-run is recorded as cancelled and resumes on the next run.
    void cancelledStageResumes() {
        const fs::path project = out("cancel-project");
        QVERIFY(ensure_project(project, data_));
        QVERIFY(!ensure_project(project, data_));
        PipelineOptions o = tiny(project, "train-amr");
        json amrOptions = json::parse(kTinyTraining);
        amrOptions["epochs"] = 3;
        o.options["train-amr"] = amrOptions.dump();

        amr::CancelToken cancel;
        amr::JobContext ctx;
        ctx.cancel = &cancel;
        std::vector<std::string> events;
        std::size_t lastDone = 0, lastTotal = 0;
        ctx.progress = [&](const amr::ProgressEvent& e) {
            QVERIFY(e.done <= e.total);
            lastDone = e.done, lastTotal = e.total;
        };
        PipelineCallbacks cb;
        cb.stage = [&](const StageEvent& e) {
            events.push_back(e.stage + ":" + to_string(e.kind));
        };
        cb.metrics = [&](const amr::train::TrainProgress& p) {
            if (p.stage == "amr" && p.step >= 2)
                cancel.cancel();
        };
        bool cancelled = false;
        try {
            run_pipeline(o, ctx, cb);
        } catch (const amr::Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(events, (std::vector<std::string>{"train-cam:started", "train-cam:finished",
                                                   "train-amr:started", "train-amr:cancelled"}));
        QCOMPARE(lastTotal, std::size_t(2000));
        QVERIFY(lastDone >= 1000);  // train-cam done, train-amr under way
        {
            auto p = amr::project::Project::open(project);
            QCOMPARE(p.runs().back().status, amr::project::RunStatus::Cancelled);
            QVERIFY(fs::exists(p.checkpoint_path("amr").string() + ".resume.pt"));
        }

        cancel.reset();
        events.clear();
        cb.metrics = {};
        const auto r = run_pipeline(o, ctx, cb);
        QVERIFY(r.finished);
        QCOMPARE(events, (std::vector<std::string>{"train-cam:skipped", "train-amr:started",
                                                   "train-amr:finished"}));
        const json summary = json::parse(r.stages.back().summary_json);
        QVERIFY2(summary["resumed_from"].get<long>() >= 2, r.stages.back().summary_json.c_str());
        QCOMPARE(summary["steps"].get<long>(), summary["total_steps"].get<long>());
        QCOMPARE(lastDone, std::size_t(2000));
        auto p = amr::project::Project::open(project);
        QVERIFY(fs::exists(p.checkpoint_path("amr")));
        QVERIFY(!fs::exists(p.checkpoint_path("amr").string() + ".resume.pt"));
        QCOMPARE(p.runs().back().status, amr::project::RunStatus::Finished);
    }
};

QTEST_GUILESS_MAIN(TestPipeline)
#include "test_pipeline.moc"
