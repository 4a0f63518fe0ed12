// Prints the partition Kafka's Java producer gives each key (args: partition count, then keys),
// one per line: BuiltInPartitioner.partitionForKey, the formula every Java producer uses.
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

public class JavaPartitions {
  public static void main(String[] args) {
    int partitions = Integer.parseInt(args[0]);
    for (int i = 1; i < args.length; i++) {
      System.out.println(BuiltInPartitioner.partitionForKey(args[i].getBytes(StandardCharsets.UTF_8), partitions));
    }
  }
}
