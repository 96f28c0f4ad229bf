#include "ui/console/options_form.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>
#include <limits>
#include <nlohmann/json.hpp>

namespace amr::ui {

using Json = nlohmann::json;

namespace {

// Shows 0.00025 and 0.9 as such instead of a fixed number of decimals.
class CompactDoubleSpinBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double value) const override { return QString::number(value, 'g', 7); }
    double valueFromText(const QString& text) const override { return text.toDouble(); }
    QValidator::State validate(QString& text, int&) const override {
        bool ok = false;
        text.toDouble(&ok);
        return ok || text.isEmpty() || text == QStringLiteral("-") ? QValidator::Acceptable
                                                                   : QValidator::Intermediate;
    }
};

QString listText(const Json& list) {
    QStringList items;
    for (const auto& v : list)
        items << (v.is_string() ? QString::fromStdString(v.get<std::string>())
                                : QString::fromStdString(v.dump()));
    return items.join(QStringLiteral(", "));
}

}  // namespace

OptionsForm::OptionsForm(QWidget* parent) : QWidget(parent), m_layout(new QFormLayout(this)) {
    m_layout->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
}

void OptionsForm::setOptions(const QString& text) {
    while (m_layout->rowCount() > 0)
        m_layout->removeRow(0);
    m_keys.clear();
    m_editors.clear();
    m_kinds.clear();
    m_listKinds.clear();
    const Json j = Json::parse(text.toStdString(), nullptr, false);
    if (!j.is_object())
        return;
    for (const auto& [key, v] : j.items()) {
        const QString k = QString::fromStdString(key);
        QWidget* w = nullptr;
        QString kind;
        if (v.is_boolean()) {
            auto* c = new QCheckBox(this);
            c->setChecked(v.get<bool>());
            connect(c, &QCheckBox::toggled, this, &OptionsForm::edited);
            w = c, kind = QStringLiteral("bool");
        } else if (v.is_number_integer()) {
            auto* s = new QSpinBox(this);
            s->setRange(std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
            s->setValue(int(v.get<long long>()));
            connect(s, &QSpinBox::valueChanged, this, &OptionsForm::edited);
            w = s, kind = QStringLiteral("int");
        } else if (v.is_number()) {
            auto* s = new CompactDoubleSpinBox(this);
            s->setRange(-1e12, 1e12);
            s->setDecimals(17);  // floats round-trip exactly
            s->setValue(v.get<double>());
            connect(s, &QDoubleSpinBox::valueChanged, this, &OptionsForm::edited);
            w = s, kind = QStringLiteral("double");
        } else if (v.is_string()) {
            auto* e = new QLineEdit(QString::fromStdString(v.get<std::string>()), this);
            connect(e, &QLineEdit::textEdited, this, &OptionsForm::edited);
            w = e, kind = QStringLiteral("string");
        } else if (v.is_array()) {
            auto* e = new QLineEdit(listText(v), this);
            e->setToolTip(tr("Comma-separated list"));
            connect(e, &QLineEdit::textEdited, this, &OptionsForm::edited);
            QString element = QStringLiteral("string");
            if (!v.empty() && v.front().is_number_integer())
                element = QStringLiteral("int");
            else if (!v.empty() && v.front().is_number())
                element = QStringLiteral("double");
            m_listKinds.insert(k, element);
            w = e, kind = QStringLiteral("list");
        } else {
            auto* e = new QLineEdit(QString::fromStdString(v.dump()), this);
            connect(e, &QLineEdit::textEdited, this, &OptionsForm::edited);
            w = e, kind = QStringLiteral("json");
        }
        w->setObjectName(QStringLiteral("option_") + k);
        m_layout->addRow(k, w);
        m_keys << k;
        m_editors.insert(k, w);
        m_kinds.insert(k, kind);
    }
}

void OptionsForm::applyValues(const QString& text) {
    const Json j = Json::parse(text.toStdString(), nullptr, false);
    if (!j.is_object())
        return;
    for (const auto& [key, v] : j.items()) {
        const QString k = QString::fromStdString(key);
        QWidget* w = m_editors.value(k);
        if (!w)
            continue;
        const QString kind = m_kinds.value(k);
        if (kind == QStringLiteral("bool") && v.is_boolean())
            static_cast<QCheckBox*>(w)->setChecked(v.get<bool>());
        else if (kind == QStringLiteral("int") && v.is_number())
            static_cast<QSpinBox*>(w)->setValue(int(v.get<double>()));
        else if (kind == QStringLiteral("double") && v.is_number())
            static_cast<QDoubleSpinBox*>(w)->setValue(v.get<double>());
        else if (kind == QStringLiteral("string") && v.is_string())
            static_cast<QLineEdit*>(w)->setText(QString::fromStdString(v.get<std::string>()));
        else if (kind == QStringLiteral("list") && v.is_array())
            static_cast<QLineEdit*>(w)->setText(listText(v));
        else if (kind == QStringLiteral("json"))
            static_cast<QLineEdit*>(w)->setText(QString::fromStdString(v.dump()));
    }
}

QString OptionsForm::json() const {
    nlohmann::json j = nlohmann::json::object();
    for (const QString& k : m_keys) {
        const std::string key = k.toStdString();
        QWidget* w = m_editors.value(k);
        const QString kind = m_kinds.value(k);
        if (kind == QStringLiteral("bool")) {
            j[key] = static_cast<QCheckBox*>(w)->isChecked();
        } else if (kind == QStringLiteral("int")) {
            j[key] = static_cast<QSpinBox*>(w)->value();
        } else if (kind == QStringLiteral("double")) {
            j[key] = static_cast<QDoubleSpinBox*>(w)->value();
        } else if (kind == QStringLiteral("string")) {
            j[key] = static_cast<QLineEdit*>(w)->text().toStdString();
        } else if (kind == QStringLiteral("list")) {
            const QString element = m_listKinds.value(k);
            nlohmann::json list = nlohmann::json::array();
            const QStringList items =
                static_cast<QLineEdit*>(w)->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
            for (QString item : items) {
                item = item.trimmed();
                bool ok = false;
                if (element == QStringLiteral("int")) {
                    const long long n = item.toLongLong(&ok);
                    ok ? list.push_back(n) : list.push_back(item.toStdString());
                } else if (element == QStringLiteral("double")) {
                    const double d = item.toDouble(&ok);
                    ok ? list.push_back(d) : list.push_back(item.toStdString());
                } else {
                    list.push_back(item.toStdString());
                }
            }
            j[key] = list;
        } else {
            const auto v = nlohmann::json::parse(static_cast<QLineEdit*>(w)->text().toStdString(),
                                                 nullptr, false);
            j[key] = v.is_discarded()
                         ? nlohmann::json(static_cast<QLineEdit*>(w)->text().toStdString())
                         : v;
        }
    }
    return QString::fromStdString(j.dump());
}

}  // namespace amr::ui
