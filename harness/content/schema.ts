import { z } from "zod";
import { SERVICE_IDS } from "../services/types.js";

/** Exercise ids double as CLI arguments: `kafka-course check hello-kafka`. */
const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use lowercase letters, digits and single hyphens (e.g. hello-kafka)");

export const exerciseSchema = z
  .object({
    id: slug.describe("Unique across the course; the CLI argument for check/hint/reset."),
    title: z.string().min(1).describe("Shown in the course map."),
    kind: z
      .enum(["code", "skill"])
      .default("code")
      .describe("code: hidden vitest checks against the broker; skill: the kafka-events skill checker."),
    file: z
      .string()
      .min(1)
      .regex(/^[^/.][^]*$/, "a path relative to the lesson's exercise folder")
      .describe(
        "The file the learner edits, relative to exercises/<lesson-slug>/ (mirrored in solutions/); for a skill exercise, relative to skill/.",
      ),
    section: z.string().min(1).describe("The heading of the lesson section that teaches this exercise."),
    broker: z
      .boolean()
      .default(true)
      .describe("false when the checks need no Kafka broker (manifests, schemas): none is started for them."),
    needs: z
      .array(z.enum(SERVICE_IDS))
      .default([])
      .describe(
        "Real parts besides the broker the checks use (registry, postgres, cluster): the session starts them before the check.",
      ),
    hints: z.array(z.string().min(1)).min(1).describe("Revealed one at a time, from gentle to specific."),
  })
  .strict();

export const lessonFrontmatterSchema = z
  .object({
    id: slug.describe("Stable id of the lesson."),
    title: z.string().min(1),
    order: z.number().int().min(0).max(99).describe("Must equal the NN prefix of the file name."),
    outcomes: z.array(z.string().min(1)).min(1).describe("What the learner will be able to do."),
    exercises: z.array(exerciseSchema).default([]),
    skill: z.array(slug).default([]).describe("Rubric item ids the kafka-events skill must cover after this lesson."),
  })
  .strict();

export type ExerciseFrontmatter = z.infer<typeof exerciseSchema>;
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;
