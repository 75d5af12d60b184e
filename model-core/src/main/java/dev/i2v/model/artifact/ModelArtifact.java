package dev.i2v.model.artifact;

import org.deeplearning4j.nn.graph.ComputationGraph;

/** A model version: the DL4J network and what it needs to be used. */
public record ModelArtifact(ComputationGraph network, ModelInfo info) {
}
