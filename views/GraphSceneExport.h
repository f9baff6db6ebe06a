#pragma once

#include <QString>

#include "Error.h"

class QGraphicsScene;

namespace gatehouse {

/// Writes a graph scene (its whole sceneRect) to a file, with item caches off so labels are
/// drawn as text (SVG <text> elements) and not as the pixmaps the canvas cached at its zoom.
class GraphSceneExport
{
public:
    /// SVG 1.2 Tiny (QSvgGenerator), one unit per scene unit. StorageFailure when the file
    /// cannot be written.
    [[nodiscard]] static Status svg(QGraphicsScene* scene, const QString& fileName,
                                    const QString& description);
    /// PNG at twice the scene's size on white. InvalidInput when the image would be too large
    /// to allocate; StorageFailure when the file cannot be written.
    [[nodiscard]] static Status png(QGraphicsScene* scene, const QString& fileName);
};

} // namespace gatehouse
