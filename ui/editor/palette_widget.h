#pragma once
// The brush classes of the current image: background, the image's tags and void, each with its
// VOC colour and the digit key that selects it (0 = background, then the tags, void last).

#include <QString>
#include <QWidget>
#include <utility>
#include <vector>

class QButtonGroup;
class QGridLayout;

namespace amr::ui {

class PaletteWidget : public QWidget {
    Q_OBJECT
public:
    explicit PaletteWidget(QWidget* parent = nullptr);

    // (label, name) in key order.
    void setEntries(const std::vector<std::pair<int, QString>>& entries);
    const std::vector<std::pair<int, QString>>& entries() const { return m_entries; }
    // The label of digit key `digit`, or -1 when the palette has no such entry.
    int labelForDigit(int digit) const;
    void setCurrentLabel(int label);

Q_SIGNALS:
    void labelChosen(int label);

private:
    std::vector<std::pair<int, QString>> m_entries;
    QButtonGroup* m_group;
    QGridLayout* m_grid;
};

// The palette of one image: background, its tags (0-based class indices) as labels, void.
std::vector<std::pair<int, QString>> paletteFor(const std::vector<std::uint16_t>& tags,
                                                const std::vector<std::string>& classNames);

}  // namespace amr::ui
