#include "GraphSceneExport.h"

#include <QCoreApplication>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>

namespace gatehouse {

namespace {

QString text(const char* source)
{
    return QCoreApplication::translate("GraphSceneExport", source);
}

void renderScene(QGraphicsScene* scene, QPainter& painter, const QRectF& target)
{
    QList<QGraphicsItem*> cached;
    const QList<QGraphicsItem*> all = scene->items();
    for (QGraphicsItem* item : all) {
        if (item->cacheMode() != QGraphicsItem::NoCache) {
            cached << item;
            item->setCacheMode(QGraphicsItem::NoCache);
        }
    }
    scene->render(&painter, target, scene->sceneRect());
    for (QGraphicsItem* item : std::as_const(cached))
        item->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
}

} // namespace

Status GraphSceneExport::svg(QGraphicsScene* scene, const QString& fileName, const QString& description)
{
    const QSizeF size = scene->sceneRect().size();
    QSvgGenerator svg;
    svg.setFileName(fileName);
    svg.setSize(size.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), size));
    svg.setTitle(text("Gatehouse permission graph"));
    svg.setDescription(description);
    QPainter painter;
    if (!painter.begin(&svg))
        return fail(ErrorCode::StorageFailure, text("Cannot write %1.").arg(fileName));
    painter.fillRect(QRectF(QPointF(0, 0), size), Qt::white);
    renderScene(scene, painter, QRectF(QPointF(0, 0), size));
    if (!painter.end())
        return fail(ErrorCode::StorageFailure, text("Cannot write %1.").arg(fileName));
    return {};
}

Status GraphSceneExport::png(QGraphicsScene* scene, const QString& fileName)
{
    constexpr qreal kScale = 2.0; // sharp on high-density screens and in documents
    QImage image((scene->sceneRect().size() * kScale).toSize(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return fail(ErrorCode::InvalidInput, text("The drawing is too large to export as PNG; export SVG."));
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        renderScene(scene, painter, QRectF(QPointF(0, 0), image.size()));
    }
    if (!image.save(fileName, "PNG"))
        return fail(ErrorCode::StorageFailure, text("Cannot write %1.").arg(fileName));
    return {};
}

} // namespace gatehouse
