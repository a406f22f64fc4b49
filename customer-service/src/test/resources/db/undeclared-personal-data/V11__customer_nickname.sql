-- A migration as someone might write it without declaring what it adds (PersonalDataDeclarationTest): a nickname is
-- basic data about the person, so the build must refuse it until db/personal-data.yaml says so.
ALTER TABLE customer ADD COLUMN nickname text;
