#pragma once

#include <QGraphicsView>

namespace gatehouse {

class GraphNodeItem;

/// The graph page's canvas: zoom with the wheel (around the pointer) or +/-, pan by
/// dragging, fit the drawing. Reports double-clicks and context-menu requests on nodes.
///
/// Tuned for a few thousand items (issue #6 measured 150 ms per repaint of 5,000 nodes with
/// defaults): no painter state saved per item (items restore what they change), no
/// anti-aliasing margin (items pad their bounding boxes), the background cached, and items
/// that draw less when small (GraphNodeItem, GraphEdgeItem). The scene uses a BSP tree:
/// items never move after a layout, so the index is built once and answers the visible-area
/// queries of every repaint.
class GraphCanvasView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit GraphCanvasView(QWidget* parent = nullptr);

    /// The view's scale (1 = one scene unit per pixel).
    qreal zoom() const;
    /// Applies the tuning above to \a view (exposed for the bench, which compares it with a
    /// default-configured view).
    static void tune(QGraphicsView* view);

public slots:
    void zoomIn();
    void zoomOut();
    /// Fits the whole scene, magnifying at most 1.5 times.
    void fitAll();

signals:
    void nodeActivated(gatehouse::GraphNodeItem* node);
    void nodeMenuRequested(gatehouse::GraphNodeItem* node, const QPoint& globalPos);
    void zoomChanged(qreal zoom);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void scaleBy(qreal factor);
    GraphNodeItem* nodeAt(const QPoint& viewPos) const;
};

} // namespace gatehouse
