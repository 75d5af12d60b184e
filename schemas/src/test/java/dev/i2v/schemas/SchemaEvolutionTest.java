package dev.i2v.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.TagVector;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaValidationException;
import org.apache.avro.SchemaValidator;
import org.apache.avro.SchemaValidatorBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every schema change must stay readable by old consumers and able to read old records. */
class SchemaEvolutionTest {

    static Schema current(final String name) {
        return switch (name) {
            case "ImageEvent" -> ImageEvent.getClassSchema();
            case "TagVector" -> TagVector.getClassSchema();
            case "ModelUpdated" -> ModelUpdated.getClassSchema();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"ImageEvent", "TagVector", "ModelUpdated"})
    void currentSchemaIsFullyCompatibleWithEveryReleasedVersion(final String name) throws SchemaValidationException {
        final List<Schema> released = AvroSerde.releasedVersions(name);
        assertFalse(released.isEmpty(), "no released versions kept for " + name);
        final SchemaValidator full = new SchemaValidatorBuilder().mutualReadStrategy().validateAll();
        full.validate(current(name), released);
    }

    @Test
    void validatorCatchesAnIncompatibleChange() {
        // A new field without a default: old records cannot be read by the new schema.
        final Schema released = AvroSerde.releasedVersions("TagVector").get(0);
        final Schema current = TagVector.getClassSchema();
        final List<Schema.Field> fields = new java.util.ArrayList<>();
        for (final Schema.Field f : current.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field("newField", Schema.create(Schema.Type.INT), "no default", (Object) null));
        final Schema brokenSchema = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(brokenSchema, released).getType());
        assertThrows(SchemaValidationException.class,
                () -> new SchemaValidatorBuilder().mutualReadStrategy().validateAll().validate(brokenSchema, List.of(released)));
    }

    @Test
    void releasedVersionsAreLoadedInOrder() {
        assertTrue(AvroSerde.releasedVersions("ImageEvent").get(0).getField("id") != null);
    }
}
