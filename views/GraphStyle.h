#pragma once

#include <QColor>
#include <QPainterPath>
#include <QRectF>
#include <QString>

#include "PermissionGraphTypes.h"

namespace gatehouse {

/// How the graph page draws nodes and edges, in one place so the scene, the legend and the
/// exports agree: a shape and fill per node kind, Tier Zero outlined in red with a "T0"
/// badge, escalation edges red, conditional edges dashed.
class GraphStyle
{
public:
    static QColor fill(GraphNodeKind kind);
    /// Outline of a node of \a kind filling \a rect.
    static QPainterPath shape(GraphNodeKind kind, const QRectF& rect);
    /// "AI path", "Principal", ... (translated)
    static QString kindTitle(GraphNodeKind kind);
    static QString kindTitlePlural(GraphNodeKind kind);

    static QColor tierZeroColour() { return QColor(0xc6, 0x28, 0x28); }
    static QColor escalationColour() { return QColor(0xd3, 0x2f, 0x2f); }
    static QColor edgeColour() { return QColor(0x78, 0x80, 0x8a); }
    static QColor highlightColour() { return QColor(0xff, 0x8f, 0x00); }
    static QColor groupColour() { return QColor(0xf4, 0xf5, 0xf7); }
};

} // namespace gatehouse
