import { readFile } from "node:fs/promises";
import { findExercise } from "../content/loader.js";
import type { Course } from "../content/model.js";
import type { KafkaConnection } from "../broker/types.js";
import { createInspector } from "../inspector/index.js";
import type { AppServices } from "./App.js";
import { skillReferenceUpTo } from "./skill-reference.js";

/** The services only the app uses: solutions, the spoiler-free skill reference, the inspector. */
export function uiServices(
  course: Course,
  root: string,
  /** The session's three-broker cluster when a check has started it (never starts it). */
  runningCluster: () => Promise<KafkaConnection | undefined>,
): Pick<AppServices, "solutionText" | "lessonSkillReference" | "inspector" | "clusterConnection"> {
  const skill = course.lessons.flatMap((l) => l.exercises).find((e) => e.kind === "skill");
  return {
    async solutionText(exerciseId) {
      const e = findExercise(course, exerciseId);
      if (!e) throw new Error(`no exercise ${exerciseId}`);
      return readFile(e.solutionPath, "utf8");
    },
    async lessonSkillReference(upToLesson) {
      if (!skill) throw new Error("this course has no skill exercise");
      return skillReferenceUpTo(skill.solutionPath, upToLesson, root);
    },
    inspector: (connection) => createInspector(connection),
    clusterConnection: runningCluster,
  };
}
