#include "DemoTraffic.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>

#include "Application.h"
#include "DemoSeeder.h"
#include "Logging.h"

namespace gatehouse {

DemoTraffic::DemoTraffic(Application& app, QString simulatorProgram, QObject* parent)
    : QObject(parent), m_app(app), m_program(std::move(simulatorProgram))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    connect(&m_process, &QProcess::readyRead, this, [this] {
        while (m_process.canReadLine())
            Logging::info(
                "ui", QStringLiteral("simulator: %1").arg(QString::fromUtf8(m_process.readLine()).trimmed()));
    });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus) {
        Logging::info("ui", QStringLiteral("demo simulator finished (exit %1)").arg(code));
        emit simulatorFinished(code);
    });
}

DemoTraffic::~DemoTraffic()
{
    stop();
}

QString DemoTraffic::locateSimulator() const
{
    if (!m_program.isEmpty())
        return QFileInfo(m_program).isExecutable() ? m_program : QString();
    const QDir here(QCoreApplication::applicationDirPath());
    for (const QString& candidate : {here.filePath(QStringLiteral("gatehousectl")),
                                     here.filePath(QStringLiteral("../ctl/gatehousectl"))}) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return {};
}

Status DemoTraffic::start(int count, int intervalMs)
{
    if (!m_app.settings().isDemo())
        return fail(ErrorCode::Conflict, QStringLiteral("demo traffic runs only in a demo workspace"));
    const QString program = locateSimulator();
    if (program.isEmpty())
        return fail(ErrorCode::NotFound,
                    QStringLiteral("gatehousectl was not found beside the console; the demo "
                                   "runs without simulated agents"));

    const OperatorSession admin{QStringLiteral("admin"), OperatorRole::Admin};
    auto pki = m_app.pki().status();
    if (!pki)
        return std::unexpected(pki.error());
    if (!pki->initialized) {
        if (auto made = m_app.pki().init(admin, PkiInitOptions{}); !made)
            return std::unexpected(made.error());
    }
    if (m_app.gateway().state() != IntakeGateway::State::Listening) {
        if (auto st = m_app.gateway().start(QHostAddress(QHostAddress::LocalHost), 0); !st)
            return st;
    }
    m_url = QStringLiteral("https://127.0.0.1:%1").arg(m_app.gateway().port());

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The demo password is public by design (the login dialog shows it in demo workspaces).
    env.insert(QStringLiteral("GATEHOUSE_PASSWORD"), QString::fromLatin1(DemoSeeder::kDemoPassword));
    m_process.setProcessEnvironment(env);
    m_process.start(program,
                    {QStringLiteral("--workspace"), m_app.workspace().directory(), QStringLiteral("--user"),
                     QStringLiteral("admin"), QStringLiteral("--log-level"), QStringLiteral("warn"),
                     QStringLiteral("simulate"), QStringLiteral("run"), QStringLiteral("--gateway"), m_url,
                     QStringLiteral("--count"), QString::number(count), QStringLiteral("--interval-ms"),
                     QString::number(intervalMs)});
    if (!m_process.waitForStarted(5000))
        return fail(
            ErrorCode::StorageFailure,
            QStringLiteral("cannot start the simulator %1: %2").arg(program, m_process.errorString()));
    Logging::info("ui", QStringLiteral("demo traffic: gateway on %1, simulator started").arg(m_url));
    return {};
}

void DemoTraffic::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(3000))
            m_process.kill();
        m_process.waitForFinished(1000);
    }
    if (m_app.gateway().state() == IntakeGateway::State::Listening)
        m_app.gateway().stop();
    m_url.clear();
}

} // namespace gatehouse
