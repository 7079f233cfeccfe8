import { detectionCases } from "./detection-cases.js";
import { items } from "./lesson-12.js";

detectionCases(items, {
  found: [
    ["production-replication", "- Production topics: replication factor 3, min.insync.replicas 2, acks=all."],
    ["production-replication", "Use three replicas and a min ISR of two so one broker may be down."],
    ["unclean-election-off", "- Keep unclean leader election off."],
    ["unclean-election-off", "Set unclean.leader.election.enable to false."],
    ["rack-awareness-zones", "- Enable rack awareness so replicas are spread across zones."],
    ["least-privilege-access", "- Each service gets its own KafkaUser with ACLs for its topics."],
    ["least-privilege-access", "Grant ACLs by least privilege."],
  ],
  missing: [
    ["production-replication", "- Use replication."],
    ["production-replication", "- Set min.insync.replicas."],
    ["unclean-election-off", "- Leader election is automatic."],
    ["rack-awareness-zones", "- Run several brokers."],
    ["least-privilege-access", "- Use TLS."],
  ],
});
