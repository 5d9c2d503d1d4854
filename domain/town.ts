export interface Town {
  id: string;
  name: string;
  /** Chats (e.g. a Telegram group) that receive this town's pushes. */
  groupChats: string[];
  /** Approximate seat of the township government (jobs/plan/towns.yaml): 自动派单 places located reports by it. */
  centre?: { lat: number; lng: number };
}
