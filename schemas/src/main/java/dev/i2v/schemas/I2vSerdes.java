package dev.i2v.schemas;

import dev.i2v.schemas.avro.ImageEvent;
import dev.i2v.schemas.avro.ModelUpdated;
import dev.i2v.schemas.avro.TagVector;

/** The one place the topic value serdes come from. */
public final class I2vSerdes {

    private I2vSerdes() {
    }

    public static AvroSerde<ImageEvent> imageEvent() {
        return new AvroSerde<>(ImageEvent.class, ImageEvent.getClassSchema());
    }

    public static AvroSerde<TagVector> tagVector() {
        return new AvroSerde<>(TagVector.class, TagVector.getClassSchema());
    }

    public static AvroSerde<ModelUpdated> modelUpdated() {
        return new AvroSerde<>(ModelUpdated.class, ModelUpdated.getClassSchema());
    }
}
