import type { ServiceId } from "../services/types.js";

/** The course as the rest of the harness sees it: paths resolved, content validated. */
export interface Exercise {
  readonly id: string;
  readonly title: string;
  readonly kind: "code" | "skill";
  readonly lessonId: string;
  readonly lessonOrder: number;
  /** The lesson folder slug shared by exercises/, solutions/ and harness/hidden/: "02-topics-partitions". */
  readonly lessonSlug: string;
  /** Relative to the lesson folder: "hello-kafka.ts". */
  readonly file: string;
  readonly stubPath: string;
  readonly solutionPath: string;
  /** Hidden vitest checks (code exercises). */
  readonly hiddenTestPath: string;
  readonly section: string;
  readonly hints: readonly string[];
  /** Whether its checks talk to a Kafka broker (a manifest exercise's do not, and none is started). */
  readonly broker: boolean;
  /** The real parts besides the broker its checks use; the session starts them first. */
  readonly needs: readonly ServiceId[];
}

export interface Lesson {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly order: number;
  readonly path: string;
  readonly outcomes: readonly string[];
  readonly exercises: readonly Exercise[];
  readonly skillItems: readonly string[];
  /** Markdown body without frontmatter. */
  readonly body: string;
}

/** A lesson file that failed validation: the rest of the course still loads. */
export interface ContentProblem {
  readonly file: string;
  readonly message: string;
}

export interface Course {
  readonly root: string;
  readonly lessons: readonly Lesson[];
  readonly problems: readonly ContentProblem[];
}
