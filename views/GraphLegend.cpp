#include "GraphLegend.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>

#include "GraphStyle.h"

namespace gatehouse {

namespace {

constexpr int kIconWidth = 44;
constexpr int kIconHeight = 20;

QPixmap canvas(qreal dpr)
{
    QPixmap pixmap(QSize(kIconWidth, kIconHeight) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    return pixmap;
}

QPixmap nodeIcon(GraphNodeKind kind, bool tierZero, qreal dpr)
{
    QPixmap pixmap = canvas(dpr);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF rect(2, 2, kIconWidth - 4, kIconHeight - 4);
    const QColor fill = GraphStyle::fill(kind);
    p.setPen(QPen(tierZero ? GraphStyle::tierZeroColour() : fill.darker(170), tierZero ? 2.0 : 1.0));
    p.setBrush(fill);
    p.drawPath(GraphStyle::shape(kind, rect));
    return pixmap;
}

QPixmap edgeIcon(const QColor& colour, Qt::PenStyle style, qreal width, qreal dpr)
{
    QPixmap pixmap = canvas(dpr);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(colour, width);
    pen.setStyle(style);
    p.setPen(pen);
    p.drawLine(QPointF(2, kIconHeight / 2.0), QPointF(kIconWidth - 8, kIconHeight / 2.0));
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawPolygon(
        QPolygonF({QPointF(kIconWidth - 2, kIconHeight / 2.0), QPointF(kIconWidth - 9, kIconHeight / 2.0 - 4),
                   QPointF(kIconWidth - 9, kIconHeight / 2.0 + 4)}));
    return pixmap;
}

} // namespace

GraphLegend::GraphLegend(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("graphLegend"));
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(2);
    const qreal dpr = devicePixelRatioF();
    int row = 0;
    int column = 0;
    const auto add = [&](const QPixmap& icon, const QString& text) {
        auto* iconLabel = new QLabel(this);
        iconLabel->setPixmap(icon);
        auto* textLabel = new QLabel(text, this);
        grid->addWidget(iconLabel, row, column * 2);
        grid->addWidget(textLabel, row, column * 2 + 1);
        if (++column == 2) {
            column = 0;
            ++row;
        }
    };
    for (GraphNodeKind kind : {GraphNodeKind::AiPath, GraphNodeKind::Principal, GraphNodeKind::Group,
                               GraphNodeKind::Role, GraphNodeKind::ServiceAccount, GraphNodeKind::Policy,
                               GraphNodeKind::Permission, GraphNodeKind::Resource})
        add(nodeIcon(kind, false, dpr), GraphStyle::kindTitle(kind));
    add(nodeIcon(GraphNodeKind::Role, true, dpr), tr("Tier Zero (T0)"));
    add(edgeIcon(GraphStyle::edgeColour(), Qt::SolidLine, 1.2, dpr), tr("can reach"));
    add(edgeIcon(GraphStyle::escalationColour(), Qt::SolidLine, 1.8, dpr), tr("escalation"));
    add(edgeIcon(GraphStyle::edgeColour(), Qt::DashLine, 1.2, dpr), tr("conditional"));
    add(edgeIcon(GraphStyle::highlightColour(), Qt::SolidLine, 3.0, dpr), tr("chosen path"));
    add(edgeIcon(QColor(0xb0, 0xb0, 0xb0), Qt::DotLine, 1.2, dpr), tr("to collapsed group"));
    grid->setColumnStretch(3, 1);
}

} // namespace gatehouse
