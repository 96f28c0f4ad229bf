#pragma once
// A form built from a JSON object of options (the stage registry's defaults): bool → check box,
// integer → spin box, number → double spin box, string → line edit, list → line edit with
// commas. json() gives the edited values back with the original types.

#include <QMap>
#include <QString>
#include <QWidget>

class QFormLayout;

namespace amr::ui {

class OptionsForm : public QWidget {
    Q_OBJECT
public:
    explicit OptionsForm(QWidget* parent = nullptr);

    // Rebuilds the form; `json` must be a JSON object (text). Keys keep their order.
    void setOptions(const QString& json);
    // Sets the keys present in `json` (others keep their value); unknown keys are ignored.
    void applyValues(const QString& json);
    // The edited values as a JSON object. Throws nothing: a list item that is not a number
    // where numbers are expected is kept as text, for check() to name.
    QString json() const;

    QStringList keys() const { return m_keys; }
    QWidget* editor(const QString& key) const { return m_editors.value(key); }

Q_SIGNALS:
    void edited();

private:
    QFormLayout* m_layout;
    QStringList m_keys;
    QMap<QString, QWidget*> m_editors;
    QMap<QString, QString> m_kinds;      // "bool", "int", "double", "string", "list", "json"
    QMap<QString, QString> m_listKinds;  // list element kind: "int", "double", "string"
};

}  // namespace amr::ui
