#include "ui/widgets/icons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <array>
#include <functional>

namespace amr::ui::icons {
namespace {

const QColor kInk(0x3c, 0x46, 0x5a);

// Renders `draw` (which paints in a 24x24 box) at a few sizes.
QIcon make(const std::function<void(QPainter&)>& draw) {
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 24.0, size / 24.0);
        draw(p);
        icon.addPixmap(pm);
    }
    return icon;
}

QPen inkPen(double width = 2.0) {
    return QPen(kInk, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
}

void magnifier(QPainter& p) {
    p.setPen(inkPen());
    p.setBrush(Qt::NoBrush);
    p.drawEllipse(QPointF(10, 10), 6.5, 6.5);
    p.setPen(inkPen(3.0));
    p.drawLine(QPointF(15, 15), QPointF(21, 21));
    p.setPen(inkPen(1.8));
}

}  // namespace

QIcon app() {
    return make([](QPainter& p) {
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x1f, 0x2a, 0x44));
        p.drawRoundedRect(QRectF(0.75, 0.75, 22.5, 22.5), 3.75, 3.75);
        p.setBrush(QColor(0x3b, 0x4d, 0x7a));
        p.drawRoundedRect(QRectF(3.75, 3.75, 16.5, 16.5), 1.5, 1.5);
        QPainterPath curve(QPointF(5.25, 16.5));
        curve.cubicTo(QPointF(7.5, 9), QPointF(11.25, 6.75), QPointF(13.5, 11.25));
        curve.cubicTo(QPointF(15.75, 15.75), QPointF(18, 15), QPointF(18.75, 6));
        p.setPen(QPen(QColor(0xe0, 0xe0, 0xc0), 1.1));
        p.setBrush(Qt::NoBrush);
        p.drawPath(curve);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xc0, 0x30, 0x30, 190));
        p.drawEllipse(QPointF(9.75, 12), 3.4, 3.4);
        p.setBrush(QColor(0x30, 0xa0, 0x50, 190));
        p.drawEllipse(QPointF(15.75, 9.75), 2.6, 2.6);
    });
}

QIcon open() {
    return make([](QPainter& p) {
        p.setPen(inkPen(1.8));
        p.setBrush(QColor(0xf2, 0xc9, 0x4c));
        QPainterPath folder(QPointF(2.5, 6));
        folder.lineTo(9, 6);
        folder.lineTo(11, 8);
        folder.lineTo(21.5, 8);
        folder.lineTo(21.5, 19);
        folder.lineTo(2.5, 19);
        folder.closeSubpath();
        p.drawPath(folder);
    });
}

QIcon zoomIn() {
    return make([](QPainter& p) {
        magnifier(p);
        p.drawLine(QPointF(7, 10), QPointF(13, 10));
        p.drawLine(QPointF(10, 7), QPointF(10, 13));
    });
}

QIcon zoomOut() {
    return make([](QPainter& p) {
        magnifier(p);
        p.drawLine(QPointF(7, 10), QPointF(13, 10));
    });
}

QIcon zoomFit() {
    return make([](QPainter& p) {
        p.setPen(inkPen());
        for (auto [x, y, dx, dy] : {std::array{3, 3, 1, 1}, std::array{21, 3, -1, 1},
                                    std::array{3, 21, 1, -1}, std::array{21, 21, -1, -1}}) {
            p.drawLine(QPointF(x, y), QPointF(x + 5 * dx, y));
            p.drawLine(QPointF(x, y), QPointF(x, y + 5 * dy));
        }
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0x5b, 0x8d, 0xd6));
        p.drawRect(QRectF(7, 8, 10, 8));
    });
}

QIcon zoomOriginal() {
    return make([](QPainter& p) {
        p.setPen(inkPen(1.6));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(2, 4, 20, 16), 2, 2);
        QFont f;
        f.setPixelSize(9);
        f.setBold(true);
        p.setFont(f);
        p.drawText(QRectF(2, 4, 20, 16), Qt::AlignCenter, QStringLiteral("1:1"));
    });
}

QIcon overlay() {
    return make([](QPainter& p) {
        p.setPen(inkPen(1.5));
        p.setBrush(QColor(0xdd, 0xe3, 0xec));
        p.drawRect(QRectF(2.5, 2.5, 14, 14));
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(192, 128, 128, 210));
        p.drawEllipse(QPointF(14, 14), 7.5, 7.5);
        p.setBrush(QColor(128, 0, 0, 210));
        p.drawRect(QRectF(4.5, 11, 5, 5));
    });
}

QIcon previous() {
    return make([](QPainter& p) {
        p.setPen(inkPen(2.4));
        p.drawPolyline(QPolygonF({QPointF(15, 5), QPointF(8, 12), QPointF(15, 19)}));
    });
}

QIcon next() {
    return make([](QPainter& p) {
        p.setPen(inkPen(2.4));
        p.drawPolyline(QPolygonF({QPointF(9, 5), QPointF(16, 12), QPointF(9, 19)}));
    });
}

}  // namespace amr::ui::icons
