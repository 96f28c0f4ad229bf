// `--progress-json` (engine/pipeline/progress_json.h): every message survives the round trip,
// anything else is no message, an error comes back as the same exception type; and the command
// line the GUI console runs for 2 processes (engine/pipeline/pipeline_process.h).

#include <QtTest>

#include "engine/core/error.h"
#include "engine/nn/weights_files.h"
#include "engine/pipeline/pipeline_process.h"
#include "engine/pipeline/progress_json.h"
#include "support/test_support.h"

using namespace amr::pipeline;
using Type = ProgressMessage::Type;

class TestProgressJson : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void progressRoundTrips() {
        const auto m = parse_progress_line(
            progress_line({1500, 2000, "[2/2] make-cam: 2007_000032 \"é\""}) + "\n");
        QCOMPARE(m.type, Type::Progress);
        QCOMPARE(m.progress.done, std::size_t(1500));
        QCOMPARE(m.progress.total, std::size_t(2000));
        QCOMPARE(m.progress.message, std::string("[2/2] make-cam: 2007_000032 \"é\""));
    }

    void stageEventRoundTrips() {
        StageEvent e;
        e.kind = StageEvent::Kind::Finished;
        e.stage = "make-cam";
        e.index = 1;
        e.count = 3;
        e.run_id = 42;
        e.summary_json = R"({"computed":6,"skipped":0})";
        const auto m = parse_progress_line(stage_line(e));
        QCOMPARE(m.type, Type::Stage);
        QCOMPARE(m.stage.kind, StageEvent::Kind::Finished);
        QCOMPARE(m.stage.stage, e.stage);
        QCOMPARE(m.stage.index, std::size_t(1));
        QCOMPARE(m.stage.count, std::size_t(3));
        QCOMPARE(m.stage.run_id, std::int64_t(42));
        QCOMPARE(m.stage.summary_json, e.summary_json);
        for (auto k : {StageEvent::Kind::Started, StageEvent::Kind::Skipped,
                       StageEvent::Kind::Failed, StageEvent::Kind::Cancelled}) {
            e.kind = k;
            QCOMPARE(parse_progress_line(stage_line(e)).stage.kind, k);
        }
    }

    void metricsKeepTheSeriesOrder() {
        amr::train::TrainProgress p;
        p.stage = "amr";
        p.step = 3;
        p.total_steps = 9;
        p.epoch = 1;
        p.epochs = 3;
        p.loss = 0.75;
        p.terms = {{"cls_s", 0.5}, {"cls_c", 0.2}, {"cps", 0.05}};
        p.lr = {{"backbone", 0.01}, {"classifier", 0.1}};
        p.images_per_s = 12.5;
        p.eta_s = 4.25;
        const auto m = parse_progress_line(metrics_line(p));
        QCOMPARE(m.type, Type::Metrics);
        QCOMPARE(m.metrics.stage, std::string("amr"));
        QCOMPARE(m.metrics.step, 3L);
        QCOMPARE(m.metrics.total_steps, 9L);
        QCOMPARE(m.metrics.epochs, 3);
        QCOMPARE(m.metrics.loss, 0.75);
        QVERIFY(m.metrics.terms == p.terms);  // in the engine's order, not sorted
        QVERIFY(m.metrics.lr == p.lr);
        QCOMPARE(m.metrics.images_per_s, 12.5);
        QCOMPARE(m.metrics.eta_s, 4.25);
    }

    void errorsComeBackAsTheirType() {
        const auto plain =
            parse_progress_line(error_line(amr::Error("/data/x.pt", "not a checkpoint")));
        QCOMPARE(plain.type, Type::Error);
        QVERIFY(!plain.missing_weights);
        QCOMPARE(amr::test::error_of([&] { plain.rethrow(); }),
                 QStringLiteral("/data/x.pt: not a checkpoint"));
        const auto weights = parse_progress_line(
            error_line(amr::nn::MissingWeights("/w/resnet50.pt", "not installed", 1)));
        QVERIFY(weights.missing_weights);
        bool caught = false;
        try {
            weights.rethrow();
        } catch (const amr::nn::MissingWeights& e) {
            caught = true;
            QCOMPARE(std::string(e.what()), std::string("/w/resnet50.pt: not installed"));
        }
        QVERIFY(caught);
        const auto other = parse_progress_line(error_line(std::runtime_error("boom")));
        QCOMPARE(amr::test::error_of([&] { other.rethrow(); }), QStringLiteral("boom"));
    }

    void otherLinesAreNoMessage() {
        for (const char* line :
             {"", "created project p for d", "amr: error: x", "{not json", "[1,2]",
              R"({"step":1,"loss":0.5})", R"({"amr":"progress","done":"x","total":2})",
              R"({"amr":"stage","kind":"exploded","stage":"make-cam"})", R"({"amr":"hello"})"})
            QVERIFY2(parse_progress_line(line).type == Type::None, line);
    }

    void commandForTwoProcesses() {
        PipelineProcessOptions o;
        o.cli = "/opt/amr/bin/amr";
        o.nproc = 2;
        o.pipeline.project = "/p/proj";
        o.pipeline.preset = "demo";
        o.pipeline.from = o.pipeline.to = "make-cam";
        o.pipeline.force = true;
        const std::vector<std::string> expected{
            "/opt/amr/bin/amr", "pipeline", "/p/proj", "--preset", "demo",
            "--from",           "make-cam", "--to",    "make-cam", "--config",
            "/tmp/c.json",      "--force",  "--nproc", "2",        "--progress-json"};
        QVERIFY(pipeline_command(o, "/tmp/c.json") == expected);
        o.pipeline.device = "cpu";
        o.pipeline.force = false;
        const auto args = pipeline_command(o, {});
        QVERIFY(std::find(args.begin(), args.end(), "--config") == args.end());
        QVERIFY(std::find(args.begin(), args.end(), "--force") == args.end());
        QCOMPARE(args[9], std::string("--device"));
        QCOMPARE(args[10], std::string("cpu"));
        o.cli = "/nonexistent/amr";
        QVERIFY(amr::test::error_of([&] { o.check(); }).contains("/nonexistent/amr"));
    }
};

QTEST_APPLESS_MAIN(TestProgressJson)
#include "test_progress_json.moc"
