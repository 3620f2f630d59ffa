// Deployment files: a valid one loads; each bad one gets a message naming the JSON path and
// line an operator has to fix.

#include "config/configloader.h"
#include "controller/deploymentcontroller.h"
#include "lab/labfiles.h"
#include "pipeline/commandtemplate.h"
#include "pipeline/pipelinerun.h"
#include "unit/sampleconfig.h"

#include <QtTest>

using namespace greenlight;


class TestConfigLoader final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loadsAValidFile()
    {
        ConfigLoader loader;
        const Result<DeploymentConfig> c = loader.parse(validFile(), QStringLiteral("/etc/greenlight/shop.json"));
        QVERIFY2(c.ok(), qPrintable(c.error()));
        QCOMPARE(c->name, QStringLiteral("shop"));
        QCOMPARE(c->hosts.size(), 3);
        QCOMPARE(c->host(QStringLiteral("b1"))->port, 2222);
        QCOMPARE(c->host(QStringLiteral("g1"))->port, 0); // unset: ssh_config decides, else 22
        QCOMPARE(c->ssh.identityFile, QStringLiteral("/etc/greenlight/keys/deploy")); // relative to the file
        QCOMPARE(c->green.hosts, QStringList{QStringLiteral("g1")});
        QCOMPARE(c->colourOfHost(QStringLiteral("b1")), Colour::Blue);
        QCOMPARE(c->stage(StageKind::Shift)->weights, (QList<int>{10, 50, 100}));
        QCOMPARE(c->stage(StageKind::Verify)->retries, 2);
        QCOMPARE(c->router.backend, QStringLiteral("app"));
        QCOMPARE(c->host(QStringLiteral("g1"))->httpVia, HttpVia::Auto); // unset: direct when it connects within 1 s, else SSH
    }

    void readsHowHttpChecksReachAHost_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<HttpVia>("expected");
        QTest::newRow("auto") << QByteArray("auto") << HttpVia::Auto;
        QTest::newRow("direct") << QByteArray("direct") << HttpVia::Direct;
        QTest::newRow("ssh") << QByteArray("ssh") << HttpVia::Ssh;
    }

    void readsHowHttpChecksReachAHost()
    {
        QFETCH(QByteArray, value);
        QFETCH(HttpVia, expected);
        QByteArray file = validFile();
        file.replace("\"g1\": {\"address\": \"10.0.2.1\"}", QByteArray("\"g1\": {\"address\": \"10.0.2.1\", \"http_via\": \"" + value + "\"}"));
        const Result<DeploymentConfig> c = ConfigLoader().parse(file, QStringLiteral("/etc/greenlight/shop.json"));
        QVERIFY2(c.ok(), qPrintable(c.error()));
        QCOMPARE(c->host(QStringLiteral("g1"))->httpVia, expected);
        QCOMPARE(c->host(QStringLiteral("b1"))->httpVia, HttpVia::Auto);
        // What a HostPool is given: the host's own choice rides with its SSH target.
        const QList<SshTarget> targets = DeploymentController::sshTargets(c.value(), HostKeyPolicy::Strict, nullptr);
        const auto g1 = std::find_if(targets.begin(), targets.end(), [](const SshTarget &t) { return t.hostName == QLatin1String("g1"); });
        QVERIFY(g1 != targets.end());
        QCOMPARE(g1->httpVia, expected);
    }

    void reportsBadFiles_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("expected");

        QTest::newRow("syntax error: line and column")
            << QByteArray("\"name\": \"shop\",") << QByteArray("\"name\": \"shop\"") << QStringLiteral("shop.json:3:7: parse error: syntax error while parsing object - unexpected string literal; expected '}' (a missing comma before this key?)");
        QTest::newRow("wrong type names path and line")
            << QByteArray("\"timeout_s\": 30,") << QByteArray("\"timeout_s\": \"30\",")
            << QStringLiteral("shop.json:19: /pipeline/1/timeout_s: expected a number, found a string");
        QTest::newRow("unknown key with a suggestion")
            << QByteArray("\"app_port\": 8080, \"version_command\": \"cat /srv/shop/VERSION\",\n             \"deploy_command\"")
            << QByteArray("\"app_prot\": 8080, \"version_command\": \"cat /srv/shop/VERSION\",\n             \"deploy_command\"")
            << QStringLiteral("/environments/blue/app_prot: unknown key; did you mean \"app_port\"?");
        QTest::newRow("missing required field")
            << QByteArray("\"frontend_url\": \"http://10.0.0.2/\"") << QByteArray("\"frontend_urls\": \"http://10.0.0.2/\"")
            << QStringLiteral("/router/frontend_url: is required but missing");
        QTest::newRow("undefined host with a suggestion")
            << QByteArray("\"hosts\": [\"g1\"]") << QByteArray("\"hosts\": [\"g2\"]")
            << QStringLiteral("/environments/green/hosts/0: host \"g2\" is not defined under /hosts (did you mean \"g1\"?)");
        QTest::newRow("http_via typo names path and line")
            << QByteArray("\"g1\": {\"address\": \"10.0.2.1\"}") << QByteArray("\"g1\": {\"address\": \"10.0.2.1\", \"http_via\": \"shh\"}")
            << QStringLiteral("shop.json:7: /hosts/g1/http_via: unsupported http_via \"shh\" (did you mean \"ssh\"?); supported: \"auto\", \"direct\", \"ssh\"");
        QTest::newRow("http_via is a string")
            << QByteArray("\"g1\": {\"address\": \"10.0.2.1\"}") << QByteArray("\"g1\": {\"address\": \"10.0.2.1\", \"http_via\": true}")
            << QStringLiteral("shop.json:7: /hosts/g1/http_via: expected a string, found a boolean");
        QTest::newRow("host in both colours")
            << QByteArray("\"hosts\": [\"g1\"]") << QByteArray("\"hosts\": [\"b1\"]")
            << QStringLiteral("/environments/green/hosts/0: host \"b1\" is in both blue and green");
        QTest::newRow("port out of range")
            << QByteArray("\"port\": 2222") << QByteArray("\"port\": 70000")
            << QStringLiteral("shop.json:6: /hosts/b1/port: must be between 1 and 65535, found 70000");
        QTest::newRow("deploy command without {version}")
            << QByteArray("\"deploy_command\": \"/srv/shop/deploy {version}\"},\n    \"green\"")
            << QByteArray("\"deploy_command\": \"/srv/shop/deploy\"},\n    \"green\"")
            << QStringLiteral("/environments/blue/deploy_command: must contain the {version} placeholder");
        QTest::newRow("unknown placeholder")
            << QByteArray("\"deploy_command\": \"/srv/shop/deploy {version}\"},\n    \"green\"")
            << QByteArray("\"deploy_command\": \"/srv/shop/deploy {version} {tag}\"},\n    \"green\"")
            << QStringLiteral("unknown placeholder {tag}");
        QTest::newRow("weights must end at 100")
            << QByteArray("[10, 50, 100]") << QByteArray("[10, 50]")
            << QStringLiteral("/pipeline/2/weights: the last weight must be 100");
        QTest::newRow("weights must increase")
            << QByteArray("[10, 50, 100]") << QByteArray("[50, 10, 100]")
            << QStringLiteral("/pipeline/2/weights/1: weights must increase; 10 follows 50");
        QTest::newRow("unknown stage with a suggestion")
            << QByteArray("\"stage\": \"verify\"") << QByteArray("\"stage\": \"verfy\"")
            << QStringLiteral("/pipeline/1/stage: unknown stage \"verfy\" (did you mean \"verify\"?)");
        QTest::newRow("stages out of order")
            << QByteArray("\"stage\": \"deploy\"") << QByteArray("\"stage\": \"shift\"")
            << QStringLiteral("/pipeline/1/stage: stage \"verify\" is out of order");
        QTest::newRow("unsupported router")
            << QByteArray("\"type\": \"haproxy\"") << QByteArray("\"type\": \"f5\"")
            << QStringLiteral("/router/type: unsupported router \"f5\"");
        QTest::newRow("router type typo")
            << QByteArray("\"type\": \"haproxy\"") << QByteArray("\"type\": \"ngnix\"")
            << QStringLiteral("/router/type: unsupported router \"ngnix\" (did you mean \"nginx\"?)");
        QTest::newRow("a key of another router type")
            << QByteArray("\"type\": \"haproxy\"") << QByteArray("\"type\": \"nginx\", \"upstream_file\": \"/etc/nginx/up.conf\"")
            << QStringLiteral("/router/admin_socket: applies only to \"type\": \"haproxy\"");
        QTest::newRow("nginx needs its upstream file")
            << QByteArray("\"type\": \"haproxy\", \"host\": \"lb\", \"admin_socket\": \"/run/haproxy/admin.sock\"")
            << QByteArray("\"type\": \"nginx\", \"host\": \"lb\"")
            << QStringLiteral("/router/upstream_file: is required but missing");
        QTest::newRow("nginx upstream file must be absolute")
            << QByteArray("\"type\": \"haproxy\", \"host\": \"lb\", \"admin_socket\": \"/run/haproxy/admin.sock\"")
            << QByteArray("\"type\": \"nginx\", \"host\": \"lb\", \"upstream_file\": \"up.conf\"")
            << QStringLiteral("/router/upstream_file: must be an absolute path on the router host");
        QTest::newRow("command router needs a percent")
            << QByteArray("\"type\": \"haproxy\", \"host\": \"lb\", \"admin_socket\": \"/run/haproxy/admin.sock\"")
            << QByteArray("\"type\": \"command\", \"host\": \"lb\", \"read_command\": \"lbw\", \"set_command\": \"lbset {colour}\"")
            << QStringLiteral("/router/set_command: must use {percent}");
        QTest::newRow("rfc2136 takes no weighted steps")
            << QByteArray("\"type\": \"haproxy\", \"host\": \"lb\", \"admin_socket\": \"/run/haproxy/admin.sock\"")
            << QByteArray("\"type\": \"rfc2136\", \"host\": \"lb\", \"server\": \"10.0.0.53\", \"zone\": \"shop.test\", \"name\": \"www\", "
                          "\"blue_target\": \"blue\", \"green_target\": \"green\", \"tsig_key_file\": \"/etc/gl.key\"")
            << QStringLiteral("shop.json:20: /pipeline/2/weights: an rfc2136 router moves all traffic at once");
        QTest::newRow("pdns needs its API key from a file or the environment")
            << QByteArray("\"type\": \"haproxy\", \"host\": \"lb\", \"admin_socket\": \"/run/haproxy/admin.sock\"")
            << QByteArray("\"type\": \"pdns\", \"host\": \"lb\", \"server\": \"10.0.0.53\", \"zone\": \"shop.test\", \"name\": \"www\", "
                          "\"api_url\": \"http://10.0.0.53:8081\"")
            << QStringLiteral("/router: give the API key as exactly one of \"api_key_file\" or \"api_key_env\"");
        QTest::newRow("pdns pick is hashed or random")
            << QByteArray("\"type\": \"haproxy\", \"host\": \"lb\", \"admin_socket\": \"/run/haproxy/admin.sock\"")
            << QByteArray("\"type\": \"pdns\", \"host\": \"lb\", \"server\": \"10.0.0.53\", \"zone\": \"shop.test\", \"name\": \"www\", "
                          "\"api_url\": \"http://10.0.0.53:8081\", \"api_key_env\": \"PDNS_KEY\", \"pick\": \"sticky\"")
            << QStringLiteral("/router/pick: expected \"hashed\" or \"random\", found \"sticky\"");
        QTest::newRow("a DNS key on another router")
            << QByteArray("\"type\": \"haproxy\", \"host\": \"lb\"") << QByteArray("\"type\": \"haproxy\", \"zone\": \"shop.test\", \"host\": \"lb\"")
            << QStringLiteral("/router/zone: applies only to \"type\": \"pdns\" or \"rfc2136\"");
        QTest::newRow("a name outside the zone")
            << QByteArray("\"type\": \"haproxy\", \"host\": \"lb\", \"admin_socket\": \"/run/haproxy/admin.sock\"")
            << QByteArray("\"type\": \"pdns\", \"host\": \"lb\", \"server\": \"10.0.0.53\", \"zone\": \"shop.test\", \"name\": \"www.other.test.\", "
                          "\"api_url\": \"http://10.0.0.53:8081\", \"api_key_env\": \"PDNS_KEY\"")
            << QStringLiteral("/router/name: \"www.other.test.\" is not inside the zone \"shop.test.\"");
        QTest::newRow("a drain shorter than the TTL")
            << QByteArray("\"type\": \"haproxy\", \"host\": \"lb\", \"admin_socket\": \"/run/haproxy/admin.sock\"")
            << QByteArray("\"type\": \"pdns\", \"host\": \"lb\", \"server\": \"10.0.0.53\", \"zone\": \"shop.test\", \"name\": \"www\", "
                          "\"api_url\": \"http://10.0.0.53:8081\", \"api_key_env\": \"PDNS_KEY\", \"ttl\": 60, \"drain_s\": 30")
            << QStringLiteral("/router/drain_s: 30 s is shorter than the TTL (60 s)");
        QTest::newRow("a drain on a router that moves traffic itself")
            << QByteArray("\"type\": \"haproxy\", \"host\": \"lb\"") << QByteArray("\"type\": \"haproxy\", \"drain_s\": 10, \"host\": \"lb\"")
            << QStringLiteral("/router/drain_s: applies only to \"type\": \"pdns\", \"rfc2136\", \"route53\" or \"beanstalk\"");
        QTest::newRow("requests path must be a path")
            << QByteArray("\"version_command\"") << QByteArray("\"requests_path\": \"count\", \"version_command\"")
            << QStringLiteral("/requests_path: must start with '/'");
        QTest::newRow("frontend must be http")
            << QByteArray("\"http://10.0.0.2/\"") << QByteArray("\"10.0.0.2\"")
            << QStringLiteral("/router/frontend_url: expected an http:// or https:// URL");
        QTest::newRow("an error-rate gate takes no source")
            << QByteArray("  \"pipeline\": [")
            << QByteArray("  \"gates\": [{\"metric\": \"error_rate\", \"above\": 0.01, \"source\": \"traffic\"}],\n  \"pipeline\": [")
            << QStringLiteral("shop.json:17: /gates/0/source: an error_rate gate takes no source");
        QTest::newRow("a latency gate's source is one of three")
            << QByteArray("  \"pipeline\": [")
            << QByteArray("  \"gates\": [{\"metric\": \"p95_ms\", \"above\": 300, \"source\": \"trafic\"}],\n  \"pipeline\": [")
            << QStringLiteral("shop.json:17: /gates/0/source: unknown source \"trafic\" (did you mean \"traffic\"?); sources: both, traffic, probes");
        QTest::newRow("a gate on traffic needs the router's access log")
            << QByteArray("  \"pipeline\": [")
            << QByteArray("  \"gates\": [{\"metric\": \"p95_ms\", \"above\": 300, \"source\": \"traffic\"}],\n  \"pipeline\": [")
            << QStringLiteral("shop.json:17: /gates/0/source: \"traffic\" needs the router's access log: set /router/access_log");
        QTest::newRow("top level must be an object")
            << validFile() << QByteArray("[1, 2]") << QStringLiteral("/: expected an object, found an array");
    }

    void reportsBadFiles()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, expected);
        QByteArray text = validFile();
        QVERIFY2(text.contains(from), "the row patches text that is not in the valid file");
        text.replace(text.indexOf(from), from.size(), to);
        ConfigLoader loader;
        const Result<DeploymentConfig> c = loader.parse(text, QStringLiteral("shop.json"));
        QVERIFY(!c.ok());
        QVERIFY2(c.error().contains(expected), qPrintable(QStringLiteral("expected \"%1\" in:\n%2").arg(expected, c.error())));
    }

    void reportsEveryProblemAtOnce()
    {
        QByteArray text = validFile();
        text.replace("\"timeout_s\": 120", "\"timeout_s\": -1");
        text.replace("\"app_port\": 8080, \"version_command\": \"cat /srv/shop/VERSION\",\n              \"deploy_command\"",
                     "\"app_port\": \"x\", \"version_command\": \"cat /srv/shop/VERSION\",\n              \"deploy_command\"");
        ConfigLoader loader;
        QVERIFY(!loader.parse(text, QStringLiteral("shop.json")).ok());
        QCOMPARE(loader.problems().size(), 2);
        QCOMPARE(loader.problems().at(0).pointer, QStringLiteral("/environments/green/app_port"));
        QCOMPARE(loader.problems().at(1).pointer, QStringLiteral("/pipeline/0/timeout_s"));
        QCOMPARE(loader.problems().at(1).line, 18);
    }

    void dnsRoutersLoad()
    {
        QByteArray text = validFile();
        text.replace("\"type\": \"haproxy\", \"host\": \"lb\", \"admin_socket\": \"/run/haproxy/admin.sock\"",
                     "\"type\": \"pdns\", \"host\": \"lb\", \"server\": \"10.0.0.53\", \"port\": 5300, \"zone\": \"Shop.test\", "
                     "\"name\": \"www\", \"ttl\": 5, \"api_url\": \"http://10.0.0.53:8081\", \"api_key_file\": \"pdns.key\"");
        ConfigLoader loader;
        Result<DeploymentConfig> c = loader.parse(text, QStringLiteral("/etc/greenlight/shop.json"));
        QVERIFY2(c.ok(), qPrintable(c.error()));
        QCOMPARE(c->router.type, RouterType::Pdns);
        QCOMPARE(c->router.zone, QStringLiteral("shop.test."));
        QCOMPARE(c->router.recordName, QStringLiteral("www.shop.test."));
        QCOMPARE(c->router.apiKeyFile, QStringLiteral("/etc/greenlight/pdns.key"));
        QVERIFY(c->router.pickHashed);
        QCOMPARE(c->router.ttl, 5);
        QCOMPARE(c->router.drainS, 10); // ttl × 2 unless given
        QVERIFY(c->router.changedFromHere());
        // The record answers the hosts' addresses: a host name is refused, with its line.
        text.replace("\"g1\": {\"address\": \"10.0.2.1\"}", "\"g1\": {\"address\": \"green-1.shop.internal\"}");
        c = loader.parse(text, QStringLiteral("shop.json"));
        QVERIFY(!c.ok());
        QVERIFY2(c.error().contains(QStringLiteral("shop.json:7: /hosts/g1/address: the pdns router answers this host's address in an A record")),
                 qPrintable(c.error()));
    }

    void awsRoutersLoad()
    {
        QByteArray text = validFile();
        const QByteArray haproxy = "\"type\": \"haproxy\", \"host\": \"lb\", \"admin_socket\": \"/run/haproxy/admin.sock\"";
        text.replace(haproxy, "\"type\": \"route53\", \"host\": \"lb\", \"profile\": \"shop-deploy\", \"region\": \"eu-west-1\", "
                              "\"hosted_zone_id\": \"Z0123\", \"record_name\": \"WWW.shop.test\", \"blue_value\": \"blue.shop.test\", "
                              "\"green_value\": \"green.shop.test\", \"change_timeout_s\": 120");
        ConfigLoader loader;
        Result<DeploymentConfig> c = loader.parse(text, QStringLiteral("shop.json"));
        QVERIFY2(c.ok(), qPrintable(c.error()));
        QCOMPARE(c->router.type, RouterType::Route53);
        QCOMPARE(c->router.aws.recordName, QStringLiteral("www.shop.test."));
        QCOMPARE(c->router.aws.recordType, QStringLiteral("CNAME"));
        QCOMPARE(c->router.aws.profile, QStringLiteral("shop-deploy"));
        QCOMPARE(c->router.aws.command, QStringLiteral("aws"));
        QCOMPARE(c->router.aws.changeTimeoutS, 120);

        // Another type's key is named; so is an ARN that is not one.
        text = validFile();
        text.replace(haproxy, "\"type\": \"alb\", \"host\": \"lb\", \"listener_arn\": \"my-listener\", "
                              "\"blue_target_group_arn\": \"arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/b/1\", "
                              "\"green_target_group_arn\": \"arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/g/2\", \"hosted_zone_id\": \"Z0123\"");
        c = loader.parse(text, QStringLiteral("shop.json"));
        QVERIFY(!c.ok());
        QVERIFY2(c.error().contains(QStringLiteral("/router/hosted_zone_id: applies only to \"type\": \"route53\"")), qPrintable(c.error()));
        QVERIFY2(c.error().contains(QStringLiteral("/router/listener_arn: expected an ELBv2 listener ARN")), qPrintable(c.error()));
        // And an AWS key on a router that does not run the CLI.
        text = validFile();
        text.replace(haproxy, QByteArray(haproxy + ", \"region\": \"eu-west-1\""));
        c = loader.parse(text, QStringLiteral("shop.json"));
        QVERIFY(!c.ok());
        QVERIFY2(c.error().contains(QStringLiteral("/router/region: applies only to \"type\": \"route53\", \"alb\" or \"beanstalk\"")), qPrintable(c.error()));
    }

    void latencyGatesReadTheirSource()
    {
        QByteArray text = validFile();
        text.replace("\"admin_socket\": \"/run/haproxy/admin.sock\",", "\"admin_socket\": \"/run/haproxy/admin.sock\", \"access_log\": \"/var/log/haproxy.log\",");
        text.replace("  \"pipeline\": [", "  \"gates\": [{\"metric\": \"p99_ms\", \"above\": 500, \"source\": \"traffic\"},\n"
                                          "            {\"metric\": \"p95_ms\", \"above\": 300, \"source\": \"probes\"},\n"
                                          "            {\"metric\": \"p50_ms\", \"above\": 100},\n"
                                          "            {\"metric\": \"error_rate\", \"above\": 0.01}],\n  \"pipeline\": [");
        ConfigLoader loader;
        const Result<DeploymentConfig> c = loader.parse(text, QStringLiteral("shop.json"));
        QVERIFY2(c.ok(), qPrintable(c.error()));
        QCOMPARE(c->router.accessLog, QStringLiteral("/var/log/haproxy.log"));
        QCOMPARE(c->gates.size(), 4);
        QCOMPARE(c->gates.at(0).source, GateConfig::Source::Traffic);
        QCOMPARE(c->gates.at(1).source, GateConfig::Source::Probes);
        QCOMPARE(c->gates.at(2).source, GateConfig::Source::Both); // the default
        QCOMPARE(c->gates.at(3).source, GateConfig::Source::Both); // error rate: probes and routed requests together
    }

    void missingFileIsAClearError()
    {
        ConfigLoader loader;
        const Result<DeploymentConfig> c = loader.loadFile(QStringLiteral("/nonexistent/shop.json"));
        QVERIFY(!c.ok());
        QVERIFY(c.error().startsWith(QStringLiteral("/nonexistent/shop.json: cannot read")));
    }

    // The lab writes a deployment file for each router; every one of them must stay valid as the
    // checks grow (a pipeline must deploy, names are anchored, limits hold).
    void theLabsDeploymentFilesAreValid_data()
    {
        QTest::addColumn<RouterType>("router");
        QTest::newRow("haproxy") << RouterType::Haproxy;
        QTest::newRow("nginx") << RouterType::Nginx;
        QTest::newRow("command") << RouterType::Command;
    }

    void theLabsDeploymentFilesAreValid()
    {
        QFETCH(RouterType, router);
        labfiles::Layout layout;
        layout.root = QStringLiteral("/tmp/greenlight-lab");
        layout.subnet = QStringLiteral("127.77.0");
        layout.sshPort = 2222;
        layout.appPort = 8080;
        layout.user = QStringLiteral("lab");
        layout.router = router;
        layout.adminPort = 9999;
        layout.hosts = {{QStringLiteral("router"), QStringLiteral("127.77.0.2"), QStringLiteral("router")},
                        {QStringLiteral("blue-1"), QStringLiteral("127.77.0.3"), QStringLiteral("blue")},
                        {QStringLiteral("green-1"), QStringLiteral("127.77.0.4"), QStringLiteral("green")}};
        ConfigLoader loader;
        const Result<DeploymentConfig> c = loader.parse(labfiles::deploymentFile(layout), QStringLiteral("/tmp/greenlight-lab/lab.json"));
        QVERIFY2(c.ok(), qPrintable(c.error()));
        QVERIFY(c->stage(StageKind::Deploy));
        QCOMPARE(c->router.type, router);
    }

    void placeholdersAreShellQuoted()
    {
        const QString command = expandCommand(QStringLiteral("/srv/deploy {host} {version} {colour}"),
                                                           QStringLiteral("1.0'; rm -rf / #"), QStringLiteral("b1"), Colour::Green);
        QCOMPARE(command, QStringLiteral("/srv/deploy 'b1' '1.0'\\''; rm -rf / #' 'green'"));
    }
};

QTEST_GUILESS_MAIN(TestConfigLoader)
#include "tst_configloader.moc"
