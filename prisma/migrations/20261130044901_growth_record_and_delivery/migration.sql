-- AlterTable
ALTER TABLE "User" ADD COLUMN "unreachableAt" DATETIME;

-- CreateTable
CREATE TABLE "GrowthUpdate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "authorId" INTEGER NOT NULL,
    "schoolId" INTEGER NOT NULL,
    "category" TEXT NOT NULL,
    "text" TEXT,
    "concern" BOOLEAN NOT NULL DEFAULT false,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editedAt" DATETIME,
    "deletedAt" DATETIME,
    CONSTRAINT "GrowthUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UpdateMedia" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "updateId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "UpdateMedia_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "GrowthUpdate" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UpdateChild" (
    "updateId" INTEGER NOT NULL,
    "childId" INTEGER NOT NULL,

    PRIMARY KEY ("updateId", "childId"),
    CONSTRAINT "UpdateChild_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "GrowthUpdate" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "UpdateChild_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConcernFollowUp" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "updateId" INTEGER NOT NULL,
    "childId" INTEGER NOT NULL,
    "teacherId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConcernFollowUp_updateId_fkey" FOREIGN KEY ("updateId") REFERENCES "GrowthUpdate" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConcernFollowUp_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConcernFollowUp_teacherId_fkey" FOREIGN KEY ("teacherId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WeeklyNote" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "childId" INTEGER NOT NULL,
    "week" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "teacherText" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    CONSTRAINT "WeeklyNote_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WeeklyNoteRecipient" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "noteId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "acknowledgedAt" DATETIME,
    CONSTRAINT "WeeklyNoteRecipient_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "WeeklyNote" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "WeeklyNoteRecipient_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FamilyMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "childId" INTEGER NOT NULL,
    "fromUserId" INTEGER NOT NULL,
    "toUserId" INTEGER,
    "text" TEXT,
    "voiceFileId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FamilyMessage_childId_fkey" FOREIGN KEY ("childId") REFERENCES "Child" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FamilyMessage_fromUserId_fkey" FOREIGN KEY ("fromUserId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FamilyMessage_toUserId_fkey" FOREIGN KEY ("toUserId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "idempotencyKey" TEXT NOT NULL,
    "recipientId" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "notBefore" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "channelMessageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OutboxMessage_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OutboxMessage" ("attempts", "channelMessageId", "createdAt", "id", "idempotencyKey", "lastError", "notBefore", "payload", "recipientId", "sentAt", "status") SELECT "attempts", "channelMessageId", "createdAt", "id", "idempotencyKey", "lastError", "notBefore", "payload", "recipientId", "sentAt", "status" FROM "OutboxMessage";
DROP TABLE "OutboxMessage";
ALTER TABLE "new_OutboxMessage" RENAME TO "OutboxMessage";
CREATE UNIQUE INDEX "OutboxMessage_idempotencyKey_key" ON "OutboxMessage"("idempotencyKey");
CREATE INDEX "OutboxMessage_status_notBefore_idx" ON "OutboxMessage"("status", "notBefore");
CREATE TABLE "new_School" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "noteMode" TEXT NOT NULL DEFAULT 'AUTO',
    "weekEndDay" INTEGER NOT NULL DEFAULT 0,
    "weekEndMinute" INTEGER NOT NULL DEFAULT 1140,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_School" ("createdAt", "id", "name", "timezone") SELECT "createdAt", "id", "name", "timezone" FROM "School";
DROP TABLE "School";
ALTER TABLE "new_School" RENAME TO "School";
CREATE UNIQUE INDEX "School_name_key" ON "School"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "GrowthUpdate_schoolId_createdAt_idx" ON "GrowthUpdate"("schoolId", "createdAt");

-- CreateIndex
CREATE INDEX "UpdateMedia_updateId_idx" ON "UpdateMedia"("updateId");

-- CreateIndex
CREATE INDEX "UpdateChild_childId_idx" ON "UpdateChild"("childId");

-- CreateIndex
CREATE INDEX "ConcernFollowUp_childId_idx" ON "ConcernFollowUp"("childId");

-- CreateIndex
CREATE UNIQUE INDEX "WeeklyNote_childId_week_key" ON "WeeklyNote"("childId", "week");

-- CreateIndex
CREATE UNIQUE INDEX "WeeklyNoteRecipient_noteId_userId_key" ON "WeeklyNoteRecipient"("noteId", "userId");

-- CreateIndex
CREATE INDEX "FamilyMessage_childId_createdAt_idx" ON "FamilyMessage"("childId", "createdAt");
