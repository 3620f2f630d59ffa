#pragma once

#include <QString>

namespace greenlight {

// The AWS routers' keys (route53, alb, beanstalk): each changes traffic by running the AWS CLI on
// the operator's machine. Credentials are never in the deployment file: the CLI finds them
// (a named profile, the environment, an instance role), and Greenlight never reads them.
struct AwsRouterConfig
{
    QString command = QStringLiteral("aws"); // the CLI: a path or a name looked up in PATH
    QString profile;     // --profile; empty: the CLI's default (AWS_PROFILE, then "default")
    QString region;      // --region; empty: the CLI's (AWS_REGION / AWS_DEFAULT_REGION, the profile)
    QString endpointUrl; // --endpoint-url: for testing against a stub or a LocalStack-like endpoint only
    QString runOn;       // a host of /hosts (a bastion) whose CLI and credentials are used, over SSH; empty: this machine
    int changeTimeoutS = 300; // how long a change may take to be applied (Route 53 INSYNC, a CNAME swap)
    // route53: two weighted records of one name, SetIdentifier "blue" and "green".
    QString hostedZoneId;     // "Z0123456789ABC"
    QString recordName;       // canonical, "www.shop.example.com."
    QString recordType;       // "CNAME", or "A" when both values are IPv4 addresses
    QString blueValue;        // what each colour's record answers
    QString greenValue;
    int recordTtl = 60;
    // alb: the listener's forward action, weighted between two target groups.
    QString listenerArn;
    QString blueTargetGroupArn;
    QString greenTargetGroupArn;
    int stickinessS = 0; // 0: no target-group stickiness; else its duration (1..604800 s)
    // beanstalk: two environments whose CNAMEs are swapped (all at once).
    QString blueEnvironment;
    QString greenEnvironment;
    QString liveCname; // the CNAME users reach: the environment that has it is live
};

} // namespace greenlight
