#include "GraphNodeItem.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include "GraphStyle.h"

namespace gatehouse {

namespace {

constexpr qreal kPadX = 12;
constexpr qreal kPadY = 6;
constexpr qreal kMargin = 4; // room for the highlight pen and the badge outside m_rect

} // namespace

GraphNodeItem::GraphNodeItem(const QString& id, const QString& label, GraphNodeKind kind, bool tierZero,
                             const QFont& font, QGraphicsItem* parent)
    : QGraphicsItem(parent), m_id(id), m_label(label.isEmpty() ? id : label), m_kind(kind),
      m_tierZero(tierZero), m_font(font)
{
    const QFontMetricsF fm(m_font);
    m_shown = fm.elidedText(m_label, Qt::ElideMiddle, kMaxLabelWidth);
    const qreal w = qMax<qreal>(56, fm.horizontalAdvance(m_shown) + 2 * kPadX + (tierZero ? 18 : 0));
    const qreal h = fm.height() + 2 * kPadY;
    m_rect = QRectF(-w / 2, -h / 2, w, h);
    setCacheMode(DeviceCoordinateCache);
    setFlag(ItemIsSelectable);
    setAcceptHoverEvents(false);
    setToolTip(
        QStringLiteral("%1\n%2%3")
            .arg(GraphStyle::kindTitle(kind), id, tierZero ? QStringLiteral("\nTier Zero") : QString()));
}

GraphNodeItem* GraphNodeItem::group(const QString& aroundId, GraphNodeKind kind, qsizetype count,
                                    const QFont& font)
{
    //: "+N more roles": hidden neighbours of one kind; double-click reveals some
    const QString text = QCoreApplication::translate("GraphNodeItem", "+%1 more %2")
                             .arg(count)
                             .arg(GraphStyle::kindTitlePlural(kind));
    auto* item = new GraphNodeItem(QStringLiteral("group:%1|%2").arg(graphNodeKindName(kind), aroundId), text,
                                   kind, false, font);
    item->m_groupCount = count;
    item->setToolTip(
        QCoreApplication::translate("GraphNodeItem", "%1 around %2 — double-click to show %3 of them")
            .arg(text, aroundId)
            .arg(qMin<qsizetype>(count, 20)));
    return item;
}

void GraphNodeItem::setHighlighted(bool on)
{
    if (m_highlighted == on)
        return;
    m_highlighted = on;
    update();
}

QRectF GraphNodeItem::boundingRect() const
{
    return m_rect.adjusted(-kMargin, -kMargin - 6, kMargin + 6, kMargin);
}

QPainterPath GraphNodeItem::shape() const
{
    return GraphStyle::shape(m_kind, m_rect);
}

void GraphNodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QPainterPath outline = GraphStyle::shape(m_kind, m_rect);
    QColor fill = isGroup() ? GraphStyle::groupColour() : GraphStyle::fill(m_kind);
    if (lod < kLabelDetail) {
        // Zoomed far out: a filled shape is all that can be seen.
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(Qt::NoPen);
        painter->setBrush(m_tierZero ? GraphStyle::tierZeroColour() : fill.darker(115));
        painter->drawPath(outline);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing, true);
    QPen pen(m_tierZero ? GraphStyle::tierZeroColour() : fill.darker(170), m_tierZero ? 2.5 : 1.0);
    if (isGroup()) {
        pen = QPen(QColor(0x90, 0x90, 0x90), 1.0, Qt::DashLine);
    }
    if (m_highlighted) {
        // A halo outside the outline, so the kind's and Tier Zero's own outline stay visible.
        painter->setPen(QPen(GraphStyle::highlightColour(), 6.0));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(outline);
    }
    if (isSelected())
        fill = fill.lighter(108);
    painter->setPen(pen);
    painter->setBrush(fill);
    painter->drawPath(outline);

    painter->setFont(m_font);
    painter->setPen(isGroup() ? QColor(0x44, 0x44, 0x44) : QColor(0x1a, 0x1a, 0x1a));
    QRectF textRect = m_rect.adjusted(kPadX, 0, -kPadX, 0);
    if (m_tierZero)
        textRect.setRight(textRect.right() - 18);
    painter->drawText(textRect, Qt::AlignCenter, m_shown);

    if (m_tierZero) {
        const QRectF badge(m_rect.right() - 22, m_rect.center().y() - 8, 20, 16);
        painter->setPen(Qt::NoPen);
        painter->setBrush(GraphStyle::tierZeroColour());
        painter->drawRoundedRect(badge, 4, 4);
        QFont small = m_font;
        small.setBold(true);
        small.setPointSizeF(m_font.pointSizeF() * 0.75);
        painter->setFont(small);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, QStringLiteral("T0"));
    }
}

} // namespace gatehouse
