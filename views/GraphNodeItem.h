#pragma once

#include <QFont>
#include <QGraphicsItem>

#include "PermissionGraphTypes.h"

namespace gatehouse {

/// One node of the graph page, or a collapsed group ("+N more roles") standing for hidden
/// neighbours of one kind. Drawn in the kind's shape and colour (GraphStyle); Tier Zero gets
/// a red outline and a "T0" badge.
///
/// Level of detail: below kLabelDetail (the node is a few pixels high) only the filled shape
/// is drawn, without label or badge. Cached in device coordinates: panning blits the
/// cached pixmap, text is rendered again only when the zoom changes.
class GraphNodeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 1
    };
    static constexpr qreal kLabelDetail = 0.45;
    static constexpr qreal kMaxLabelWidth = 190;

    /// A node: \a id is the graph id, \a label what is written on it.
    GraphNodeItem(const QString& id, const QString& label, GraphNodeKind kind, bool tierZero,
                  const QFont& font, QGraphicsItem* parent = nullptr);
    /// A collapsed group of \a count hidden neighbours of \a kind around node \a aroundId.
    static GraphNodeItem* group(const QString& aroundId, GraphNodeKind kind, qsizetype count,
                                const QFont& font);

    int type() const override { return Type; }
    QString id() const { return m_id; }
    QString label() const { return m_label; }
    GraphNodeKind kind() const { return m_kind; }
    bool isTierZero() const { return m_tierZero; }
    bool isGroup() const { return m_groupCount >= 0; }
    /// Hidden neighbours it stands for; -1 for an ordinary node.
    qsizetype groupCount() const { return m_groupCount; }
    /// Size to reserve in the layout.
    QSizeF size() const { return m_rect.size(); }

    void setHighlighted(bool on);
    bool isHighlighted() const { return m_highlighted; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    QString m_id;
    QString m_label;
    QString m_shown; ///< m_label elided to kMaxLabelWidth
    GraphNodeKind m_kind;
    bool m_tierZero;
    qsizetype m_groupCount = -1;
    bool m_highlighted = false;
    QFont m_font;
    QRectF m_rect; ///< centred on (0, 0)
};

} // namespace gatehouse
