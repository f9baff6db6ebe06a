#include "GraphEdgeItem.h"

#include <cmath>

#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

#include "GraphStyle.h"

namespace gatehouse {

namespace {

constexpr qreal kArrowLength = 9;
constexpr qreal kArrowHalfWidth = 4;
constexpr qreal kArrowDetail = 0.3; // below this zoom arrowheads are smaller than a pixel or two

QPolygonF arrowHead(QPointF from, QPointF tip)
{
    const QLineF line(from, tip);
    if (line.length() < 0.01)
        return {};
    const QPointF unit = (tip - from) / line.length();
    const QPointF normal(-unit.y(), unit.x());
    const QPointF base = tip - unit * kArrowLength;
    return QPolygonF({tip, base + normal * kArrowHalfWidth, base - normal * kArrowHalfWidth});
}

} // namespace

GraphEdgeItem::GraphEdgeItem(const QList<QPointF>& route, bool hasTip, QPointF tip, Style style,
                             bool conditional, QGraphicsItem* parent)
    : QGraphicsItem(parent), m_style(style), m_conditional(conditional)
{
    if (!route.isEmpty()) {
        m_path.moveTo(route.first());
        if (route.size() >= 4 && (route.size() - 1) % 3 == 0) {
            for (qsizetype i = 1; i + 2 < route.size(); i += 3)
                m_path.cubicTo(route[i], route[i + 1], route[i + 2]);
        } else {
            for (qsizetype i = 1; i < route.size(); ++i)
                m_path.lineTo(route[i]);
        }
        if (hasTip) {
            m_path.lineTo(tip);
            m_arrow = arrowHead(route.last(), tip);
        } else if (route.size() >= 2) {
            // Direction at the end of the curve.
            const QPointF end = m_path.pointAtPercent(1.0);
            const QPointF before = m_path.pointAtPercent(0.97);
            m_arrow = arrowHead(before, end);
        }
    }
    m_bounds = m_path.boundingRect().united(m_arrow.boundingRect()).adjusted(-5, -5, 5, 5);
    setZValue(-1); // under the nodes
    setCacheMode(NoCache);
}

void GraphEdgeItem::setHighlighted(bool on)
{
    if (m_highlighted == on)
        return;
    m_highlighted = on;
    setZValue(on ? -0.5 : -1);
    update();
}

QRectF GraphEdgeItem::boundingRect() const
{
    return m_bounds;
}

QPainterPath GraphEdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    QPainterPath s = stroker.createStroke(m_path);
    s.addPolygon(m_arrow);
    return s;
}

void GraphEdgeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    QColor colour = m_style == Style::Escalation ? GraphStyle::escalationColour()
                    : m_style == Style::ToGroup  ? QColor(0xb0, 0xb0, 0xb0)
                                                 : GraphStyle::edgeColour();
    qreal width = m_style == Style::Escalation ? 1.8 : 1.2;
    if (m_highlighted) {
        // An escalation hop stays red on the chosen path: that is the hop to look at.
        if (m_style != Style::Escalation)
            colour = GraphStyle::highlightColour();
        width = 3.5;
    }
    QPen pen(colour, width);
    pen.setCosmetic(lod < kArrowDetail); // stay one pixel wide however far out
    if (m_style == Style::ToGroup)
        pen.setStyle(Qt::DotLine);
    else if (m_conditional)
        pen.setStyle(Qt::DashLine);
    painter->setRenderHint(QPainter::Antialiasing, lod >= kArrowDetail);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    if (lod >= kArrowDetail && !m_arrow.isEmpty()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawPolygon(m_arrow);
    }
}

} // namespace gatehouse
