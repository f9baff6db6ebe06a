#include "GraphStyle.h"

#include <QCoreApplication>
#include <QPolygonF>

namespace gatehouse {

QColor GraphStyle::fill(GraphNodeKind kind)
{
    switch (kind) {
    case GraphNodeKind::AiPath:
        return QColor(0xd1, 0xc4, 0xe9); // violet
    case GraphNodeKind::Principal:
        return QColor(0xbb, 0xde, 0xfb); // blue
    case GraphNodeKind::Group:
        return QColor(0xb2, 0xdf, 0xdb); // teal
    case GraphNodeKind::Role:
        return QColor(0xc8, 0xe6, 0xc9); // green
    case GraphNodeKind::ServiceAccount:
        return QColor(0xb3, 0xe5, 0xfc); // light blue
    case GraphNodeKind::Policy:
        return QColor(0xff, 0xec, 0xb3); // amber
    case GraphNodeKind::Permission:
        return QColor(0xee, 0xee, 0xee); // grey
    case GraphNodeKind::Resource:
        return QColor(0xd7, 0xcc, 0xc8); // brown
    }
    return Qt::white;
}

QPainterPath GraphStyle::shape(GraphNodeKind kind, const QRectF& r)
{
    QPainterPath path;
    const qreal h = r.height();
    switch (kind) {
    case GraphNodeKind::AiPath: { // hexagon
        const qreal d = h / 2.5;
        path.addPolygon(QPolygonF({QPointF(r.left() + d, r.top()), QPointF(r.right() - d, r.top()),
                                   QPointF(r.right(), r.center().y()), QPointF(r.right() - d, r.bottom()),
                                   QPointF(r.left() + d, r.bottom()), QPointF(r.left(), r.center().y()),
                                   QPointF(r.left() + d, r.top())}));
        break;
    }
    case GraphNodeKind::Principal:
    case GraphNodeKind::Group: // stadium: people
        path.addRoundedRect(r, h / 2, h / 2);
        break;
    case GraphNodeKind::ServiceAccount: { // octagon
        const qreal d = h / 3.5;
        path.addPolygon(QPolygonF({QPointF(r.left() + d, r.top()), QPointF(r.right() - d, r.top()),
                                   QPointF(r.right(), r.top() + d), QPointF(r.right(), r.bottom() - d),
                                   QPointF(r.right() - d, r.bottom()), QPointF(r.left() + d, r.bottom()),
                                   QPointF(r.left(), r.bottom() - d), QPointF(r.left(), r.top() + d),
                                   QPointF(r.left() + d, r.top())}));
        break;
    }
    case GraphNodeKind::Role:
        path.addRoundedRect(r, 6, 6);
        break;
    case GraphNodeKind::Policy: { // a page with a folded corner
        const qreal f = qMin(10.0, h / 3);
        path.addPolygon(
            QPolygonF({r.topLeft(), QPointF(r.right() - f, r.top()), QPointF(r.right(), r.top() + f),
                       r.bottomRight(), r.bottomLeft(), r.topLeft()}));
        break;
    }
    case GraphNodeKind::Permission:
        path.addRect(r);
        break;
    case GraphNodeKind::Resource: { // parallelogram
        const qreal s = h / 3;
        path.addPolygon(
            QPolygonF({QPointF(r.left() + s, r.top()), r.topRight(), QPointF(r.right() - s, r.bottom()),
                       r.bottomLeft(), QPointF(r.left() + s, r.top())}));
        break;
    }
    }
    return path;
}

QString GraphStyle::kindTitle(GraphNodeKind kind)
{
    switch (kind) {
    case GraphNodeKind::AiPath:
        return QCoreApplication::translate("GraphStyle", "AI path");
    case GraphNodeKind::Principal:
        return QCoreApplication::translate("GraphStyle", "Principal");
    case GraphNodeKind::Group:
        return QCoreApplication::translate("GraphStyle", "Group");
    case GraphNodeKind::Role:
        return QCoreApplication::translate("GraphStyle", "Role");
    case GraphNodeKind::ServiceAccount:
        return QCoreApplication::translate("GraphStyle", "Service account");
    case GraphNodeKind::Policy:
        return QCoreApplication::translate("GraphStyle", "Policy");
    case GraphNodeKind::Permission:
        return QCoreApplication::translate("GraphStyle", "Permission");
    case GraphNodeKind::Resource:
        return QCoreApplication::translate("GraphStyle", "Resource");
    }
    return {};
}

QString GraphStyle::kindTitlePlural(GraphNodeKind kind)
{
    switch (kind) {
    case GraphNodeKind::AiPath:
        return QCoreApplication::translate("GraphStyle", "AI paths");
    case GraphNodeKind::Principal:
        return QCoreApplication::translate("GraphStyle", "principals");
    case GraphNodeKind::Group:
        return QCoreApplication::translate("GraphStyle", "groups");
    case GraphNodeKind::Role:
        return QCoreApplication::translate("GraphStyle", "roles");
    case GraphNodeKind::ServiceAccount:
        return QCoreApplication::translate("GraphStyle", "service accounts");
    case GraphNodeKind::Policy:
        return QCoreApplication::translate("GraphStyle", "policies");
    case GraphNodeKind::Permission:
        return QCoreApplication::translate("GraphStyle", "permissions");
    case GraphNodeKind::Resource:
        return QCoreApplication::translate("GraphStyle", "resources");
    }
    return {};
}

} // namespace gatehouse
