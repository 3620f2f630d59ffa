#pragma once

#include "model/fleetsnapshot.h"
#include "model/pipelineevent.h"
#include "model/recoveryreport.h"
#include "ssh/sshtypes.h"

#include <QTextStream>

#include <memory>

namespace greenlight {

class DeploymentController;
class WaitCountdown;

// Prints what the core reports, for people (aligned text) or for machines (--json: one JSON
// object per line, cli/jsonlines.h). Progress goes to `out`; errors, warnings and a failure's
// summary (`FAILED: …`) to `err`. With --json, `out` carries JSON lines only and `err` the
// same failure for a person reading the terminal.
class EventPrinter final
{
public:
    EventPrinter(QTextStream &out, QTextStream &err, bool json);
    ~EventPrinter();

    void event(const PipelineEvent &e);
    void logLine(const QString &host, const QString &tag, OutputStream stream, const QString &line);
    void outcome(const QString &what, const PipelineOutcome &o);
    void fleet(const FleetSnapshot &fleet, const DeploymentController &controller);
    void recovery(const RecoveryReport &report);
    // Prints the controller's pipeline events and streamed command output as they come.
    void follow(DeploymentController &controller);

private:
    QTextStream &m_out;
    QTextStream &m_err;
    bool m_json;
    std::unique_ptr<WaitCountdown> m_wait; // the countdown of a long wait (cli/waitcountdown.h)
};

} // namespace greenlight
