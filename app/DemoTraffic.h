#pragma once

#include <QObject>
#include <QProcess>
#include <QString>

#include "Error.h"

namespace gatehouse {

class Application;

/// Gives a demo workspace a live review queue: makes sure the workspace PKI exists, runs the
/// intake gateway inside this process on a free loopback port, and runs
/// `gatehousectl simulate run` against it as a child process, so agents' proposals arrive
/// over real mutual TLS while the console is open. Only for demo workspaces: the child signs
/// in as the demo admin with the published demo password.
class DemoTraffic : public QObject
{
    Q_OBJECT
public:
    /// \a simulatorProgram: path of gatehousectl; empty = look beside this executable
    /// (installed layout) and in ../ctl (build tree).
    DemoTraffic(Application& app, QString simulatorProgram = {}, QObject* parent = nullptr);
    ~DemoTraffic() override;

    /// Starts gateway and simulator: \a count proposals, \a intervalMs apart.
    /// Errors: Conflict if the workspace is not a demo, NotFound if gatehousectl is missing,
    /// and whatever the PKI set-up or the gateway report.
    [[nodiscard]] Status start(int count, int intervalMs);
    /// Stops the simulator and the gateway.
    void stop();
    /// https://127.0.0.1:PORT while running, else empty.
    QString gatewayUrl() const { return m_url; }
    bool simulatorRunning() const { return m_process.state() != QProcess::NotRunning; }

signals:
    void simulatorFinished(int exitCode);

private:
    QString locateSimulator() const;

    Application& m_app;
    QString m_program;
    QProcess m_process;
    QString m_url;
};

} // namespace gatehouse
