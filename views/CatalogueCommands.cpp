#include "CatalogueCommands.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>
#include <QWidget>

#include "CountText.h"
#include "AccountService.h"
#include "CatalogueService.h"
#include "Clock.h"
#include "DecisionPathDialog.h"
#include "DecisionPathMerge.h"
#include "Logging.h"
#include "UserInteraction.h"

namespace gatehouse {

namespace {

/// Import files larger than this are refused before reading (the service refuses more than 16 MiB).
constexpr qint64 kMaxImportBytes = 16 * 1024 * 1024;

} // namespace

CatalogueCommands::CatalogueCommands(ConsoleServices services, OperatorSession session,
                                     UserInteraction& interaction, QWidget* dialogParent)
    : QObject(dialogParent), m_services(std::move(services)), m_session(std::move(session)),
      m_interaction(interaction), m_dialogParent(dialogParent)
{}

QStringList CatalogueCommands::ownerCandidates() const
{
    QSet<QString> names;
    // Listing accounts may be reserved to admins; the owners already in the catalogue
    // and the operator themself are offered either way, and the field stays editable.
    if (auto accounts = m_services.accounts.list(m_session)) {
        for (const OperatorAccount& account : std::as_const(*accounts)) {
            if (!account.disabled)
                names.insert(account.username);
        }
    }
    if (auto paths = m_services.catalogue.list(m_session)) {
        for (const DecisionPath& path : std::as_const(*paths)) {
            if (!path.owner.isEmpty())
                names.insert(path.owner);
        }
    }
    names.insert(m_session.username);
    QStringList sorted(names.cbegin(), names.cend());
    sorted.sort();
    return sorted;
}

void CatalogueCommands::newPath()
{
    DecisionPath draft;
    draft.tier.reset();
    if (m_session.hasRole(OperatorRole::Owner))
        draft.owner = m_session.username;
    openEditor(true, draft);
}

void CatalogueCommands::editPath(const QString& id)
{
    auto stored = m_services.catalogue.get(m_session, id);
    if (!stored) {
        showError(tr("Cannot edit %1").arg(id), stored.error().message);
        return;
    }
    openEditor(false, *stored);
}

void CatalogueCommands::openEditor(bool creating, const DecisionPath& path)
{
    if (m_editor) {
        m_editor->raise();
        m_editor->activateWindow();
        return;
    }
    const QDate today = m_services.clock.now().date();
    auto* dialog =
        new DecisionPathDialog(creating ? DecisionPathDialog::Mode::Create : DecisionPathDialog::Mode::Edit,
                               path, ownerCandidates(), today, m_dialogParent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSaveHandler([this, dialog, creating](const DecisionPath& edited) {
        return creating ? saveNew(dialog, edited) : saveEdit(dialog, edited);
    });
    m_editor = dialog;
    dialog->open();
}

bool CatalogueCommands::saveNew(DecisionPathDialog* dialog, const DecisionPath& path)
{
    auto created = m_services.catalogue.create(m_session, path);
    if (!created) {
        dialog->showSaveError(created.error().message);
        return false;
    }
    Logging::info("ui", QStringLiteral("%1 created decision path %2").arg(m_session.username, created->id));
    emit catalogueChanged(created->id);
    return true;
}

bool CatalogueCommands::saveEdit(DecisionPathDialog* dialog, const DecisionPath& path)
{
    auto updated = m_services.catalogue.update(m_session, path);
    if (updated) {
        emit catalogueChanged(updated->id);
        return true;
    }
    if (updated.error().code == ErrorCode::Conflict) {
        // A Conflict may also be a refused state change; only a newer stored version is a stale edit.
        auto stored = m_services.catalogue.get(m_session, path.id);
        if (stored && stored->version != path.version) {
            resolveStaleEdit(dialog, path, *stored, updated.error().message);
            emit catalogueChanged(path.id);
            return false;
        }
    }
    dialog->showSaveError(updated.error().message);
    return false;
}

void CatalogueCommands::resolveStaleEdit(DecisionPathDialog* dialog, const DecisionPath& mine,
                                         const DecisionPath& stored, const QString& serviceMessage)
{
    const DecisionPath& base = dialog->originalPath();
    const DecisionPathMerge theirs = DecisionPathMerge::merge(base, stored, stored);
    const DecisionPathMerge merge = DecisionPathMerge::merge(base, mine, stored);

    QString message =
        serviceMessage + QStringLiteral("\n\n") +
        tr("Stored now: version %1 (you started from version %2).").arg(stored.version).arg(base.version);
    if (!theirs.mineChanged.isEmpty())
        message +=
            QLatin1Char('\n') + tr("Changed there: %1.").arg(theirs.mineChanged.join(QStringLiteral(", ")));
    if (!merge.conflicts.isEmpty())
        message += QLatin1Char('\n') + tr("Changed on both sides: %1 — merging is not possible.")
                                           .arg(merge.conflicts.join(QStringLiteral(", ")));

    QStringList options{tr("Reload stored version"), tr("Keep editing")};
    const bool canMerge = merge.conflicts.isEmpty();
    if (canMerge)
        options.insert(1, tr("Merge my changes into it"));
    const int choice = m_interaction.choose(dialog, tr("Changed by someone else"), message, options);

    if (choice == 0) {
        dialog->setPath(stored);
        dialog->showNotice(
            tr("Reloaded version %1 of %2; your changes were discarded.").arg(stored.version).arg(stored.id));
    } else if (canMerge && choice == 1) {
        dialog->setPath(stored, merge.merged);
        dialog->showNotice(tr("Your changes (%1) were applied to version %2. Review them and save again.")
                               .arg(merge.mineChanged.join(QStringLiteral(", ")))
                               .arg(stored.version));
    } else {
        dialog->showSaveError(serviceMessage);
    }
}

void CatalogueCommands::activate(const QString& id)
{
    auto result = m_services.catalogue.activate(m_session, id);
    if (!result) {
        showError(tr("Cannot activate %1").arg(id), result.error().message);
        return;
    }
    emit catalogueChanged(id);
}

void CatalogueCommands::suspend(const QString& id)
{
    const auto reason = m_interaction.askText(m_dialogParent, tr("Suspend %1").arg(id),
                                              tr("Reason for suspending (recorded in the audit ledger):"));
    if (!reason)
        return;
    auto result = m_services.catalogue.suspend(m_session, id, reason->trimmed());
    if (!result) {
        showError(tr("Cannot suspend %1").arg(id), result.error().message);
        return;
    }
    emit catalogueChanged(id);
}

void CatalogueCommands::retire(const QString& id)
{
    const auto reason = m_interaction.askText(m_dialogParent, tr("Retire %1").arg(id),
                                              tr("Reason for retiring (recorded in the audit ledger):"));
    if (!reason)
        return;
    if (!m_interaction.confirm(
            m_dialogParent, tr("Retire %1").arg(id),
            tr("Retire decision path %1? Retiring is final: the path can never be activated "
               "again.")
                .arg(id)))
        return;
    auto result = m_services.catalogue.retire(m_session, id, reason->trimmed());
    if (!result) {
        showError(tr("Cannot retire %1").arg(id), result.error().message);
        return;
    }
    emit catalogueChanged(id);
}

void CatalogueCommands::importFile()
{
    const QString file =
        m_interaction.chooseOpenFile(m_dialogParent, tr("Import decision paths"),
                                     tr("Decision paths (*.json *.csv);;JSON (*.json);;CSV (*.csv)"));
    if (file.isEmpty())
        return;
    const QFileInfo info(file);
    const QString suffix = info.suffix().toLower();
    if (suffix != QLatin1String("json") && suffix != QLatin1String("csv")) {
        showError(tr("Import"), tr("%1: choose a .json or .csv file.").arg(info.fileName()));
        return;
    }
    QFile in(file);
    if (info.size() > kMaxImportBytes) {
        showError(tr("Import"), tr("%1 is larger than 16 MiB.").arg(info.fileName()));
        return;
    }
    if (!in.open(QIODevice::ReadOnly)) {
        showError(tr("Import"), tr("Cannot read %1: %2").arg(file, in.errorString()));
        return;
    }
    const QByteArray data = in.readAll();
    auto imported = suffix == QLatin1String("json")
                        ? m_services.catalogue.importJson(m_session, data, info.fileName())
                        : m_services.catalogue.importCsv(m_session, data, info.fileName());
    if (!imported) {
        showError(tr("Import failed"), imported.error().message);
        return;
    }
    m_interaction.showInfo(m_dialogParent, tr("Import"),
                           countText(imported->created, tr("Imported %1 decision path from %2."),
                                     tr("Imported %1 decision paths from %2."))
                               .arg(info.fileName()));
    emit catalogueChanged(QString());
}

void CatalogueCommands::exportFile()
{
    QString file =
        m_interaction.chooseSaveFile(m_dialogParent, tr("Export decision paths"),
                                     QStringLiteral("decision-paths.json"), tr("JSON (*.json);;CSV (*.csv)"));
    if (file.isEmpty())
        return;
    QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix.isEmpty()) {
        file += QStringLiteral(".json");
        suffix = QStringLiteral("json");
    }
    if (suffix != QLatin1String("json") && suffix != QLatin1String("csv")) {
        showError(tr("Export"), tr("%1: export to a .json or .csv file.").arg(QFileInfo(file).fileName()));
        return;
    }
    auto data = suffix == QLatin1String("json") ? m_services.catalogue.exportJson(m_session)
                                                : m_services.catalogue.exportCsv(m_session);
    if (!data) {
        showError(tr("Export failed"), data.error().message);
        return;
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(*data) != data->size() || !out.commit()) {
        showError(tr("Export failed"), tr("Cannot write %1: %2").arg(file, out.errorString()));
        return;
    }
    m_interaction.showInfo(m_dialogParent, tr("Export"), tr("Exported the catalogue to %1.").arg(file));
}

void CatalogueCommands::showError(const QString& title, const QString& message)
{
    m_interaction.showError(m_dialogParent, title, message);
}

} // namespace gatehouse
