#include "GraphCanvasView.h"

#include <cmath>

#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include "GraphNodeItem.h"

namespace gatehouse {

namespace {

constexpr qreal kStep = 1.25;
constexpr qreal kMinZoom = 0.02;
constexpr qreal kMaxZoom = 4.0;
constexpr qreal kMaxFitZoom = 1.5; // a three-node path should not fill the screen

} // namespace

GraphCanvasView::GraphCanvasView(QWidget* parent) : QGraphicsView(parent)
{
    setObjectName(QStringLiteral("graphCanvas"));
    tune(this);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setRenderHint(QPainter::Antialiasing, true);
    setRenderHint(QPainter::TextAntialiasing, true);
    setBackgroundBrush(QColor(0xfb, 0xfb, 0xfc));
}

void GraphCanvasView::tune(QGraphicsView* view)
{
    view->setOptimizationFlags(QGraphicsView::DontSavePainterState |
                               QGraphicsView::DontAdjustForAntialiasing);
    view->setCacheMode(QGraphicsView::CacheBackground);
    view->setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
}

qreal GraphCanvasView::zoom() const
{
    return transform().m11();
}

void GraphCanvasView::scaleBy(qreal factor)
{
    const qreal target = qBound(kMinZoom, zoom() * factor, kMaxZoom);
    if (qFuzzyCompare(target, zoom()))
        return;
    scale(target / zoom(), target / zoom());
    emit zoomChanged(zoom());
}

void GraphCanvasView::zoomIn()
{
    scaleBy(kStep);
}

void GraphCanvasView::zoomOut()
{
    scaleBy(1 / kStep);
}

void GraphCanvasView::fitAll()
{
    if (!scene())
        return;
    const QRectF rect = scene()->itemsBoundingRect().adjusted(-20, -20, 20, 20);
    if (rect.isEmpty())
        return;
    fitInView(rect, Qt::KeepAspectRatio);
    if (zoom() > kMaxFitZoom)
        setTransform(QTransform::fromScale(kMaxFitZoom, kMaxFitZoom));
    if (zoom() < kMinZoom)
        setTransform(QTransform::fromScale(kMinZoom, kMinZoom));
    centerOn(rect.center());
    emit zoomChanged(zoom());
}

void GraphCanvasView::wheelEvent(QWheelEvent* event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    scaleBy(std::pow(kStep, delta / 120.0));
    event->accept();
}

void GraphCanvasView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        return;
    case Qt::Key_Minus:
        zoomOut();
        return;
    case Qt::Key_0:
        fitAll();
        return;
    default:
        QGraphicsView::keyPressEvent(event);
    }
}

GraphNodeItem* GraphCanvasView::nodeAt(const QPoint& viewPos) const
{
    for (QGraphicsItem* item : items(viewPos)) {
        if (item->type() == GraphNodeItem::Type)
            return static_cast<GraphNodeItem*>(item);
    }
    return nullptr;
}

void GraphCanvasView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (GraphNodeItem* node = nodeAt(event->position().toPoint())) {
        emit nodeActivated(node);
        event->accept();
        return;
    }
    QGraphicsView::mouseDoubleClickEvent(event);
}

void GraphCanvasView::contextMenuEvent(QContextMenuEvent* event)
{
    if (GraphNodeItem* node = nodeAt(event->pos())) {
        emit nodeMenuRequested(node, event->globalPos());
        event->accept();
        return;
    }
    QGraphicsView::contextMenuEvent(event);
}

} // namespace gatehouse
