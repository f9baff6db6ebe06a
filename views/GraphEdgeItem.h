#pragma once

#include <QGraphicsItem>
#include <QPainterPath>

namespace gatehouse {

/// One directed edge of the graph page along the route Graphviz gave it, with an arrowhead.
/// Escalation edges (a privilege-escalation primitive) are red, conditional edges dashed,
/// edges to a collapsed group dotted and light. Not cached: a thin path is cheaper to
/// stroke again than a cache pixmap the size of its bounding box.
class GraphEdgeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 2
    };
    enum class Style
    {
        Plain,
        Escalation,
        ToGroup,
    };

    /// \a route: cubic Bézier control points (1 + 3n) or a polyline of 2 points; \a tip:
    /// where the arrowhead points (the last route point when \a hasTip is false).
    GraphEdgeItem(const QList<QPointF>& route, bool hasTip, QPointF tip, Style style, bool conditional,
                  QGraphicsItem* parent = nullptr);

    int type() const override { return Type; }
    Style style() const { return m_style; }
    bool isConditional() const { return m_conditional; }
    /// Edge number in the permission graph, or -1 for an edge to a group.
    qint64 edgeIndex() const { return m_edgeIndex; }
    void setEdgeIndex(qint64 index) { m_edgeIndex = index; }

    void setHighlighted(bool on);
    bool isHighlighted() const { return m_highlighted; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QPainterPath m_path;
    QPolygonF m_arrow;
    Style m_style;
    bool m_conditional;
    bool m_highlighted = false;
    qint64 m_edgeIndex = -1;
    QRectF m_bounds;
};

} // namespace gatehouse
