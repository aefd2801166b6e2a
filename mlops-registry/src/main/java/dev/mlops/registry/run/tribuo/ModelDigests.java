package dev.mlops.registry.run.tribuo;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.mlops.core.Digest;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tribuo.Model;

/**
 * The parameter digest of a Tribuo model: what decides "bit for bit".
 *
 * <p>Tribuo records the training time, JVM and OS in every model's provenance, so two trainings never
 * serialize to the same bytes. The parameter digest is SHA-256 over the model's protobuf
 * ({@code Model.serialize()}) with every provenance removed: in Tribuo 4.3 each model message holds
 * its shared fields in a {@code ModelDataProto metadata = 1}, whose {@code provenance = 2} is
 * cleared; ensembles and wrappers hold their members as nested {@code ModelProto}s (recognised by
 * their shape and a class name that is a {@code Model}), which are normalised the same way,
 * recursively. What remains is the model's name, its feature and output
 * domains (names, counts and statistics), whether it produces probabilities, and every learned
 * parameter (weights, tree nodes and splits, ensemble weights), in Tribuo's own serialization
 * order, compared bit for bit. The work is done on the protobuf wire format, so it needs no
 * model-specific code.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class ModelDigests {
  private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+");

  private ModelDigests() {}

  /**
   * Computes a model's parameter digest.
   *
   * @param model the model
   * @return SHA-256 of its provenance-free protobuf
   */
  public static Digest parameterDigest(Model<?> model) {
    return Digest.sha256(withoutProvenance(model.serialize().toByteString()).toByteArray());
  }

  /**
   * Returns a serialized {@code ModelProto} with every provenance removed.
   *
   * @param modelProto the serialized model
   * @return the normalised bytes
   */
  static ByteString withoutProvenance(ByteString modelProto) {
    try {
      UnknownFieldSet model = UnknownFieldSet.parseFrom(modelProto);
      UnknownFieldSet.Field data = model.getField(3);
      if (data.getLengthDelimitedList().size() != 1) {
        return modelProto;
      }
      UnknownFieldSet any = UnknownFieldSet.parseFrom(data.getLengthDelimitedList().get(0));
      UnknownFieldSet.Field value = any.getField(2);
      if (value.getLengthDelimitedList().size() != 1) {
        return modelProto;
      }
      UnknownFieldSet inner = UnknownFieldSet.parseFrom(value.getLengthDelimitedList().get(0));
      UnknownFieldSet.Builder b = UnknownFieldSet.newBuilder();
      for (Map.Entry<Integer, UnknownFieldSet.Field> e : inner.asMap().entrySet()) {
        int number = e.getKey();
        UnknownFieldSet.Field f = e.getValue();
        if (number == 1 && f.getLengthDelimitedList().size() == 1) {
          UnknownFieldSet meta = UnknownFieldSet.parseFrom(f.getLengthDelimitedList().get(0));
          UnknownFieldSet cleaned = UnknownFieldSet.newBuilder(meta).clearField(2).build();
          b.addField(1, UnknownFieldSet.Field.newBuilder().addLengthDelimited(cleaned.toByteString()).build());
        } else if (!f.getLengthDelimitedList().isEmpty()) {
          UnknownFieldSet.Field.Builder fb = UnknownFieldSet.Field.newBuilder();
          f.getVarintList().forEach(fb::addVarint);
          f.getFixed32List().forEach(fb::addFixed32);
          f.getFixed64List().forEach(fb::addFixed64);
          f.getGroupList().forEach(fb::addGroup);
          for (ByteString v : f.getLengthDelimitedList()) {
            fb.addLengthDelimited(isModelProto(v) ? withoutProvenance(v) : v);
          }
          b.addField(number, fb.build());
        } else {
          b.addField(number, f);
        }
      }
      ByteString innerBytes = b.build().toByteString();
      UnknownFieldSet anyOut = UnknownFieldSet.newBuilder(any).clearField(2)
          .addField(2, UnknownFieldSet.Field.newBuilder().addLengthDelimited(innerBytes).build()).build();
      return UnknownFieldSet.newBuilder(model).clearField(3)
          .addField(3, UnknownFieldSet.Field.newBuilder().addLengthDelimited(anyOut.toByteString()).build())
          .build().toByteString();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a Tribuo model always serializes to a valid ModelProto", e);
    }
  }

  private static boolean isModelClass(String name) {
    try {
      return Model.class.isAssignableFrom(Class.forName(name, false, ModelDigests.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Recognises a nested {@code ModelProto}: version, a class name, and an Any with a type URL. */
  private static boolean isModelProto(ByteString bytes) {
    try {
      UnknownFieldSet s = UnknownFieldSet.parseFrom(bytes);
      Map<Integer, UnknownFieldSet.Field> m = s.asMap();
      if (!m.keySet().equals(java.util.Set.of(1, 2, 3)) && !m.keySet().equals(java.util.Set.of(2, 3))) {
        return false;
      }
      List<ByteString> name = m.get(2).getLengthDelimitedList();
      List<ByteString> any = m.get(3).getLengthDelimitedList();
      if (name.size() != 1 || any.size() != 1) {
        return false;
      }
      String cls = StandardCharsets.UTF_8.newDecoder().decode(name.get(0).asReadOnlyByteBuffer()).toString();
      if (!CLASS_NAME.matcher(cls).matches() || !isModelClass(cls)) {
        return false; // tree nodes and other redirect messages share the shape; only models carry provenance
      }
      List<ByteString> url = UnknownFieldSet.parseFrom(any.get(0)).getField(1).getLengthDelimitedList();
      return url.size() == 1 && url.get(0).toStringUtf8().startsWith("type.googleapis.com/");
    } catch (InvalidProtocolBufferException | CharacterCodingException e) {
      return false;
    }
  }
}
