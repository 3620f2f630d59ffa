#pragma once

#include "model/fleetsnapshot.h"
#include "model/pipelineevent.h"
#include "pipeline/recoverycheck.h"
#include "ssh/sshtypes.h"

#include <QTextStream>

namespace greenlight {

class DeploymentController;

// Prints what the core reports, for people (aligned text) or for machines (--json: one JSON
// object per line).
class EventPrinter final
{
public:
    EventPrinter(QTextStream &out, bool json) : m_out(out), m_json(json) {}

    void event(const PipelineEvent &e);
    void logLine(const QString &host, const QString &tag, OutputStream stream, const QString &line);
    void outcome(const QString &what, const PipelineOutcome &o);
    void fleet(const FleetSnapshot &fleet, const DeploymentController &controller);
    void recovery(const RecoveryReport &report);
    // Prints the controller's pipeline events and streamed command output as they come.
    void follow(DeploymentController &controller);

private:
    QTextStream &m_out;
    bool m_json;
};

} // namespace greenlight
